/*
 * Claim: pkey_alloc() with a flags value other than 0 fails with EINVAL, also where the CPU has no protection keys.
 * Source: Linux man-pages pkey_alloc(2), DESCRIPTION: "The pkey_alloc() flags is reserved for future use and currently must always be specified as 0." ERRORS: "EINVAL pkey, flags, or access_rights is invalid."
 * Source: Linux mm/mprotect.c SYSCALL_DEFINE2(pkey_alloc): flags are checked before a key is looked for
 * Covers: pkey_alloc(2) EINVAL
 * Tags: pkey errno extension
 * Requires: linux
 * Claim-call: pkey_alloc
 */
#include "mmapcheck.h"

int main(void)
{
#ifdef __linux__
	long key;

	mc_begin();
	key = mc_pkey_alloc(1, 0);
	mc_require_call(key, "pkey_alloc", "4.9");
	mc_observe("errno", "%s", key == -1 ? mc_errno_name(errno) : "0");
	if (key != -1)
		mc_pkey_free((int)key);
	mc_check(key == -1 && errno == EINVAL, "pkey_alloc(1, 0): %s, expected EINVAL",
		 key == -1 ? mc_errno_name(errno) : "a key");
	return mc_finish();
#else
	mc_begin();
	mc_skip("protection keys (pkey_alloc) are a Linux interface");
#endif
}

/*
 * Claim: pkey_alloc() with an access_rights bit that is no PKEY_DISABLE_* operation fails with EINVAL, also where the CPU has no protection keys.
 * Source: Linux man-pages pkey_alloc(2), DESCRIPTION: "The pkey_alloc() access_rights argument may contain zero or more disable operations" ERRORS: "EINVAL pkey, flags, or access_rights is invalid."
 * Source: Linux mm/mprotect.c SYSCALL_DEFINE2(pkey_alloc): access rights outside PKEY_ACCESS_MASK are refused before a key is looked for
 * Covers: pkey_alloc(2) EINVAL
 * Tags: pkey errno extension
 * Requires: linux
 * Claim-call: pkey_alloc
 */
#include "mmapcheck.h"

#define UNKNOWN_RIGHT 0x40	/* no architecture's PKEY_DISABLE_* (x86: 0x1, 0x2; powerpc, arm64 add 0x4, 0x8) */

int main(void)
{
#ifdef __linux__
	long key;

	mc_begin();
	key = mc_pkey_alloc(0, UNKNOWN_RIGHT);
	mc_require_call(key, "pkey_alloc", "4.9");
	mc_observe("errno", "%s", key == -1 ? mc_errno_name(errno) : "0");
	if (key != -1)
		mc_pkey_free((int)key);
	mc_check(key == -1 && errno == EINVAL, "pkey_alloc(0, 0x40): %s, expected EINVAL",
		 key == -1 ? mc_errno_name(errno) : "a key");
	return mc_finish();
#else
	mc_begin();
	mc_skip("protection keys (pkey_alloc) are a Linux interface");
#endif
}

/*
 * Claim: pkey_free() of a key the process does not hold (freed already, or never allocatable) fails with EINVAL.
 * Source: Linux man-pages pkey_alloc(2), DESCRIPTION: "After a protection key has been freed, it may no longer be used in any protection-key-related operations." ERRORS: "EINVAL pkey, flags, or access_rights is invalid."
 * Covers: pkey_alloc(2) EINVAL
 * Tags: pkey errno extension
 * Requires: linux
 * Claim-call: pkey_free
 */
#include "mmapcheck.h"

int main(void)
{
#ifdef __linux__
	long key;

	mc_begin();
	key = mc_pkey_alloc(0, 0);
	mc_require_call(key, "pkey_alloc", "4.9");
	if (key == -1 && errno != ENOSPC && errno != EINVAL)
		mc_broken("pkey_alloc(0, 0) failed: %s", mc_errno_name(errno));
	if (key == -1) {
		key = 1;	/* none can be allocated (ENOSPC; EINVAL on x86 without pku): key 1 is not ours */
		mc_observe("key", "never-allocated");
	} else {
		SAFE(mc_pkey_free((int)key));	/* the first free, of a key we hold */
		mc_observe("key", "freed");
	}
	MC_EXPECT_ERRNO(mc_pkey_free((int)key), EINVAL);
	return mc_finish();
#else
	mc_begin();
	mc_skip("protection keys (pkey_free) are a Linux interface");
#endif
}

/*
 * Claim: pkey_mprotect() with a key the process does not hold fails with EINVAL and leaves the protection as it was.
 * Source: Linux man-pages mprotect(2), ERRORS: "EINVAL (pkey_mprotect()) pkey has not been allocated with pkey_alloc(2)"
 * Covers: mprotect(2) EINVAL "pkey has not been allocated"
 * Tags: pkey mprotect errno extension anonymous
 * Requires: linux
 * Claim-call: pkey_mprotect
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"

int main(void)
{
#ifdef __linux__
	struct mc_status st;
	size_t pg = mc_page_size();
	long key;
	char *p;

	mc_begin();
	key = mc_pkey_alloc(0, 0);
	mc_require_call(key, "pkey_alloc", "4.9");
	if (key == -1 && errno != ENOSPC && errno != EINVAL)
		mc_broken("pkey_alloc(0, 0) failed: %s", mc_errno_name(errno));
	if (key == -1)
		key = 1;	/* none can be allocated (ENOSPC; EINVAL on x86 without pku): key 1 is not ours */
	else
		SAFE(mc_pkey_free((int)key));
	p = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	MC_EXPECT_ERRNO(mc_pkey_mprotect(p, pg, PROT_READ, (int)key), EINVAL);
	st = mc_probe_write(p);	/* still writable: the refused call changed nothing */
	mc_observe_status(st);
	mc_check(st.signo == 0, "a store after the refused pkey_mprotect() raised %s", mc_signal_name(st.signo));
	SAFE(munmap(p, pg));
	return mc_finish();
#else
	mc_begin();
	mc_skip("protection keys (pkey_mprotect) are a Linux interface");
#endif
}

/*
 * Claim: pkey_mprotect() with a protection key that is not allocated (freed again with pkey_free(), or never allocatable without protection-key hardware) fails with EINVAL.
 * Source: Linux man-pages mprotect(2), ERRORS: "EINVAL (pkey_mprotect()) pkey has not been allocated with pkey_alloc(2)"
 * Source: Linux man-pages mprotect(2), DESCRIPTION: "The protection key must be allocated with pkey_alloc(2) before it is passed to pkey_mprotect()."
 * Source: Linux man-pages pkeys(7): keys "might be unavailable because the hardware that the application runs on does not support them" (then pkey_alloc() fails)
 * Covers: mprotect(2) EINVAL "pkey has not been allocated"
 * Tags: mprotect errno anonymous private extension
 * Requires: linux
 * Claim-call: pkey_mprotect
 */
#define _GNU_SOURCE	/* PKEY_DISABLE_ACCESS */
#include "mmapcheck.h"

#ifdef __linux__	/* the pkey calls through harness/mc_linux_calls.h: glibc and musl alike */
int main(void)
{
	size_t pg;
	char *p;
	int key;

	mc_begin();
	pg = mc_page_size();
	p = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mc_pkey_mprotect(p, pg, PROT_READ | PROT_WRITE, -1) == -1)	/* the call itself works */
		mc_skip("pkey_mprotect() with pkey -1 fails here (%s)", mc_errno_name(errno));

	key = mc_pkey_alloc(0, 0);
	if (key >= 0) {
		/* Hardware keys: a key this process had and gave back is unallocated. */
		SAFE(mc_pkey_free(key));
		mc_observe("pkey_alloc", "%d", key);
	} else {
		/* No hardware keys: key 0 is the default, every other key is never allocated. */
		mc_observe("pkey_alloc", "%s", mc_errno_name(errno));
		key = 1;
	}

	MC_EXPECT_ERRNO(mc_pkey_mprotect(p, pg, PROT_READ, key), EINVAL);
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("pkey_mprotect() is a Linux system call; this is not Linux");
}
#endif

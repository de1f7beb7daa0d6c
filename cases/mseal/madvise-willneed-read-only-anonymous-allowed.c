/*
 * Claim: madvise(MADV_WILLNEED), advice that discards nothing, on a sealed read-only private anonymous range succeeds.
 * Source: Linux Documentation/userspace-api/mseal.rst, "Blocked mm syscall for sealed mapping": only "some destructive madvise behaviors" are blocked: "MADV_DONTNEED, MADV_FREE, MADV_DONTNEED_LOCKED, MADV_FREE, MADV_DONTFORK, MADV_WIPEONFORK"
 * Tags: mseal madvise anonymous private extension
 * Requires: linux
 * Claim-call: mseal
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS, madvise, MADV_WILLNEED */
#include "mmapcheck.h"

#ifdef __linux__
int main(void)
{
	size_t pg;
	char *p;

	mc_begin();
	pg = mc_page_size();
	p = mc_sealed_read_only_anonymous(2 * pg, 's');	/* holding data */
	/* The seal is in force: even a protection change to the same one is refused. */
	if (mprotect(p, pg, PROT_READ) == 0)
		mc_broken("mprotect() of the sealed page succeeded: the seal is not in force");
	if (errno != EPERM)
		mc_broken("mprotect() of the sealed page failed with %s, not EPERM", mc_errno_name(errno));

	MC_EXPECT_ERRNO(madvise(p, 2 * pg, MADV_WILLNEED), 0);
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("mseal() is a Linux interface (6.10); not available here");
}
#endif

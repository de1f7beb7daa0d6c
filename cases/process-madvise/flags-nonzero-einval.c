/*
 * Claim: process_madvise() with flags 1 (any advice, ranges and pidfd valid) fails with EINVAL.
 * Source: Linux man-pages process_madvise(2), ERRORS: "EINVAL flags is not 0."
 * Covers: process_madvise(2) EINVAL "flags is not 0"
 * Claim-call: process_madvise
 * Tags: process_madvise errno extension anonymous private
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS, MADV_COLD */
#include "mmapcheck.h"

#ifdef __linux__
int main(void)
{
	struct iovec iov;
	size_t pg;
	long ret;
	int pidfd;

	mc_begin();
	pg = mc_page_size();
	iov.iov_base = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	iov.iov_len = pg;
	pidfd = (int)mc_pidfd_open(getpid(), 0);
	mc_require_call(pidfd, "pidfd_open", "5.3");
	if (pidfd < 0)
		mc_broken("pidfd_open(getpid()) failed: %s", mc_errno_name(errno));
	ret = mc_process_madvise(pidfd, &iov, 1, MADV_COLD, 0);	/* control: with flags 0 it is accepted */
	mc_require_call(ret, "process_madvise", "5.10");
	if (ret != (long)pg)
		mc_broken("process_madvise(MADV_COLD) with flags 0 returned %ld (%s), not %zu", ret, mc_errno_name(errno), pg);

	MC_EXPECT_ERRNO(mc_process_madvise(pidfd, &iov, 1, MADV_COLD, 1), EINVAL);
	SAFE(close(pidfd));
	SAFE(munmap(iov.iov_base, pg));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("process_madvise() is a Linux interface; not a Linux build");
}
#endif

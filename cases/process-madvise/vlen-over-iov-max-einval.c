/*
 * Claim: process_madvise() with a count of iovec elements one above IOV_MAX fails with EINVAL, where the same elements counted up to IOV_MAX are accepted.
 * Source: Linux man-pages process_madvise(2), DESCRIPTION: "This value must be less than or equal to IOV_MAX (defined in <limits.h> or accessible via the call sysconf(_SC_IOV_MAX))."; ERRORS: "EINVAL n is too large." (6.03: "vlen is too large.")
 * Covers: process_madvise(2) EINVAL "is too large"
 * Claim-call: process_madvise
 * Tags: process_madvise errno extension limits
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MADV_COLD */
#include "mmapcheck.h"

#ifdef __linux__
int main(void)
{
	struct iovec *iov;
	long max, ret;
	int pidfd;

	mc_begin();
	max = sysconf(_SC_IOV_MAX);
	if (max <= 0)
		mc_skip("sysconf(_SC_IOV_MAX) gives no limit (%ld)", max);
	iov = calloc((size_t)max + 1, sizeof(*iov));	/* empty ranges: nothing to advise */
	if (!iov)
		mc_broken("calloc() of %ld iovec elements failed", max + 1);
	pidfd = (int)mc_pidfd_open(getpid(), 0);
	mc_require_call(pidfd, "pidfd_open", "5.3");
	if (pidfd < 0)
		mc_broken("pidfd_open(getpid()) failed: %s", mc_errno_name(errno));
	ret = mc_process_madvise(pidfd, iov, (size_t)max, MADV_COLD, 0);	/* control: IOV_MAX elements are accepted */
	mc_require_call(ret, "process_madvise", "5.10");
	if (ret != 0)
		mc_broken("process_madvise() of %ld empty ranges returned %ld (%s), not 0", max, ret, mc_errno_name(errno));

	mc_observe("iov_max", "%ld", max);
	MC_EXPECT_ERRNO(mc_process_madvise(pidfd, iov, (size_t)max + 1, MADV_COLD, 0), EINVAL);
	SAFE(close(pidfd));
	free(iov);
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("process_madvise() is a Linux interface; not a Linux build");
}
#endif

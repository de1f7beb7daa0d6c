/*
 * Claim: process_madvise() with an iovec whose second element is SSIZE_MAX + 1 bytes long, so that the sum of the lengths overflows ssize_t, fails with EINVAL and advises nothing (the first range keeps its data).
 * Source: Linux man-pages process_madvise(2), ERRORS: "EINVAL The sum of the iov_len values of iovec overflows a ssize_t value."; DESCRIPTION: "If n is too big, or iovec is invalid, then an error will be returned immediately and no advice will be applied."
 * Covers: process_madvise(2) EINVAL "overflows a ssize_t"
 * Claim-call: process_madvise
 * Tags: process_madvise errno extension anonymous private
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS, MADV_DONTNEED */
#include "mmapcheck.h"

#ifdef __linux__
int main(void)
{
	struct iovec iov[2];
	size_t pg;
	long ret;
	int pidfd;
	char *p;

	mc_begin();
	pg = mc_page_size();
	p = SAFE_MMAP(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(p, 0xa5, 2 * pg);
	pidfd = (int)mc_pidfd_open(getpid(), 0);
	mc_require_call(pidfd, "pidfd_open", "5.3");
	if (pidfd < 0)
		mc_broken("pidfd_open(getpid()) failed: %s", mc_errno_name(errno));
	iov[0].iov_base = iov[1].iov_base = p + pg;
	iov[0].iov_len = pg;
	/* control: MADV_DONTNEED is taken for the calling process (Linux 6.13 and later), so
	 * an EINVAL below is about the lengths, not the advice */
	ret = mc_process_madvise(pidfd, iov, 1, MADV_DONTNEED, 0);
	mc_require_call(ret, "process_madvise", "5.10");
	if (ret == -1 && errno == EINVAL)
		mc_skip("process_madvise() refuses MADV_DONTNEED for the calling process (EINVAL): allowed since Linux 6.13");
	if (ret != (long)pg)
		mc_broken("process_madvise(MADV_DONTNEED) of one page returned %ld (%s)", ret, mc_errno_name(errno));
	iov[0].iov_base = iov[1].iov_base = p;
	iov[1].iov_len = (size_t)SSIZE_MAX + 1;

	ret = mc_process_madvise(pidfd, iov, 2, MADV_DONTNEED, 0);
	mc_expect_errno(ret == -1 ? errno : 0, EINVAL, "process_madvise() with lengths summing past SSIZE_MAX");
	mc_observe("first_byte", "0x%02x", (unsigned char)p[0]);
	mc_check(p[0] == (char)0xa5, "the first range was advised (reads 0x%02x) although the call failed", (unsigned char)p[0]);
	SAFE(close(pidfd));
	SAFE(munmap(p, 2 * pg));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("process_madvise() is a Linux interface; not a Linux build");
}
#endif

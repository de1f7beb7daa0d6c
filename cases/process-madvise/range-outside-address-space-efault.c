/*
 * Claim: process_madvise() with an iovec element describing the last page of the address space (above any user address) fails with EFAULT.
 * Source: Linux man-pages process_madvise(2), ERRORS: "EFAULT The memory described by iovec is outside the accessible address space of the process referred to by pidfd."
 * Covers: process_madvise(2) EFAULT
 * Claim-call: process_madvise
 * Tags: process_madvise errno extension
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MADV_COLD */
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
	pidfd = (int)mc_pidfd_open(getpid(), 0);
	mc_require_call(pidfd, "pidfd_open", "5.3");
	if (pidfd < 0)
		mc_broken("pidfd_open(getpid()) failed: %s", mc_errno_name(errno));
	iov.iov_base = (void *)(~(uintptr_t)0 - pg + 1);	/* the top page: kernel space on every Linux port */
	iov.iov_len = pg;

	ret = mc_process_madvise(pidfd, &iov, 1, MADV_COLD, 0);
	mc_require_call(ret, "process_madvise", "5.10");
	mc_expect_errno(ret == -1 ? errno : 0, EFAULT, "process_madvise() of the top page");
	SAFE(close(pidfd));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("process_madvise() is a Linux interface; not a Linux build");
}
#endif

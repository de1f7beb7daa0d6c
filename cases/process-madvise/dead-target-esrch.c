/*
 * Claim: process_madvise() with a pidfd of a child that has exited and been waited for fails with ESRCH.
 * Source: Linux man-pages process_madvise(2), ERRORS: "ESRCH The target process does not exist (i.e., it has terminated and been waited on)."
 * Covers: process_madvise(2) ESRCH
 * Claim-call: process_madvise
 * Tags: process_madvise errno fork extension anonymous private
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS, MADV_COLD */
#include "mmapcheck.h"

#ifdef __linux__
int main(void)
{
	struct iovec iov;
	size_t pg;
	pid_t pid;
	long ret;
	int pidfd, saved;

	mc_begin();
	pg = mc_page_size();
	iov.iov_base = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	iov.iov_len = pg;	/* mapped in the child too, at the same address */
	if ((pid = mc_fork()) == 0)
		_exit(0);
	pidfd = (int)mc_pidfd_open(pid, 0);	/* a zombie until waited for: still there to open */
	saved = errno;
	if (mc_wait(pid) != 0)
		mc_broken("the child did not exit with 0");
	errno = saved;
	mc_require_call(pidfd, "pidfd_open", "5.3");
	if (pidfd < 0)
		mc_broken("pidfd_open() of the child failed: %s", mc_errno_name(saved));

	ret = mc_process_madvise(pidfd, &iov, 1, MADV_COLD, 0);
	mc_require_call(ret, "process_madvise", "5.10");
	mc_expect_errno(ret == -1 ? errno : 0, ESRCH, "process_madvise() on the reaped child");
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

/*
 * Claim: process_madvise(MADV_DONTNEED) on a range of a child process fails with EINVAL and the child's data stays: advice to another process is limited to MADV_COLD, MADV_COLLAPSE, MADV_PAGEOUT and MADV_WILLNEED.
 * Source: Linux man-pages process_madvise(2) (6.20), DESCRIPTION: "If manipulating another process, or before Linux 6.13, the advice argument is one of the following values: MADV_COLD ... MADV_COLLAPSE ... MADV_PAGEOUT ... MADV_WILLNEED"
 * Source: Linux man-pages madvise(2), ERRORS: "EINVAL advice is not a valid." (process_madvise(2): "See madvise(2) for advice-specific errors.")
 * Claim-call: process_madvise
 * Tags: process_madvise errno fork extension anonymous private
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS, MADV_DONTNEED */
#include "mmapcheck.h"

#ifdef __linux__
int main(void)
{
	struct mc_turns t;
	struct iovec iov;
	size_t pg;
	long ret;
	int pidfd, saved, child_kept;

	mc_begin();
	pg = mc_page_size();
	iov.iov_base = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	iov.iov_len = pg;
	memset(iov.iov_base, 0xa5, pg);
	if (mc_turns_fork(&t) == 0) {
		mc_turns_recv(&t);	/* the parent has advised */
		_exit(*(volatile char *)iov.iov_base == (char)0xa5 ? 0 : 1);
	}
	pidfd = (int)mc_pidfd_open(t.pid, 0);
	saved = errno;
	if (pidfd < 0) {
		mc_turns_send(&t, 1);
		mc_wait(t.pid);
		errno = saved;
		mc_require_call(pidfd, "pidfd_open", "5.3");
		mc_broken("pidfd_open() of the child failed: %s", mc_errno_name(saved));
	}

	ret = mc_process_madvise(pidfd, &iov, 1, MADV_DONTNEED, 0);
	saved = errno;
	mc_turns_send(&t, 1);
	child_kept = mc_wait(t.pid) == 0;
	errno = saved;
	mc_require_call(ret, "process_madvise", "5.10");
	mc_expect_errno(ret == -1 ? saved : 0, EINVAL, "process_madvise(MADV_DONTNEED) of the child's page");
	mc_observe("child_kept", "%s", child_kept ? "yes" : "no");
	mc_check(child_kept, "the child's page lost its data");
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

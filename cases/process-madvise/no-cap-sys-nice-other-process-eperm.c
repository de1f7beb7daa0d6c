/*
 * Claim: process_madvise(MADV_COLD) on the parent's memory from a child of the same user that has given up CAP_SYS_NICE fails with EPERM.
 * Source: Linux man-pages process_madvise(2), DESCRIPTION: "Since Linux 5.12, permission to apply advice to another process is governed by ptrace access mode PTRACE_MODE_READ_FSCREDS check (see ptrace(2)); in addition, because of the performance implications of applying the advice, the caller must have the CAP_SYS_NICE capability"; ERRORS: "EPERM The caller does not have permission to access the address space of the process pidfd."
 * Covers: process_madvise(2) EPERM
 * Claim-call: process_madvise
 * Tags: process_madvise errno fork extension privileges anonymous private
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MADV_COLD, MAP_ANONYMOUS */
#include "mmapcheck.h"

#ifdef __linux__
#define CAP_SYS_NICE_ 23	/* linux/capability.h */

static struct iovec iov;

/* In a child: advise the parent's page without CAP_SYS_NICE; returns the errno (0: it worked). */
static int advise_parent(void *unused)
{
	long ret;
	int pidfd;

	(void)unused;
	mc_drop_capability(CAP_SYS_NICE_);
	if ((pidfd = (int)mc_pidfd_open(getppid(), 0)) < 0)
		_exit(MC_CHILD_BROKEN);
	ret = mc_process_madvise(pidfd, &iov, 1, MADV_COLD, 0);
	return ret == -1 ? errno : 0;
}

int main(void)
{
	struct mc_status st;
	size_t pg;
	int pidfd;

	mc_begin();
	pg = mc_page_size();
	iov.iov_base = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	iov.iov_len = pg;
	pidfd = (int)mc_pidfd_open(getpid(), 0);
	mc_require_call(pidfd, "pidfd_open", "5.3");
	if (pidfd < 0)
		mc_broken("pidfd_open(getpid()) failed: %s", mc_errno_name(errno));
	/* control: the call exists and the range is valid in this process */
	mc_require_call(mc_process_madvise(pidfd, &iov, 1, MADV_COLD, 0), "process_madvise", "5.10");

	st = mc_probe(advise_parent, NULL);
	if (st.signo)
		mc_broken("the child died of %s", mc_signal_name(st.signo));
	mc_expect_errno(st.value, EPERM, "process_madvise() of the parent without CAP_SYS_NICE");
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

/*
 * Claim: process_madvise() with the file descriptor of a pipe, which is no PID file descriptor, fails with EBADF.
 * Source: Linux man-pages process_madvise(2), ERRORS: "EBADF pidfd is not a valid PID file descriptor."
 * Covers: process_madvise(2) EBADF
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
	int pipefd[2];

	mc_begin();
	pg = mc_page_size();
	iov.iov_base = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	iov.iov_len = pg;
	SAFE(pipe(pipefd));

	ret = mc_process_madvise(pipefd[0], &iov, 1, MADV_COLD, 0);
	mc_require_call(ret, "process_madvise", "5.10");
	mc_expect_errno(ret == -1 ? errno : 0, EBADF, "process_madvise() on a pipe's descriptor");
	SAFE(close(pipefd[0]));
	SAFE(close(pipefd[1]));
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

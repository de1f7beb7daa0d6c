/*
 * Claim: process_madvise() with a pidfd of the calling process, MADV_DONTNEED and an iovec of three ranges of a written private anonymous mapping returns the bytes of all three ranges, each range then reads zero, and the pages between the ranges keep their data.
 * Source: Linux man-pages process_madvise(2) (6.20), DESCRIPTION: "Since Linux 6.13, when manipulating the calling process, any advice flag is permitted."
 * Source: Linux man-pages process_madvise(2), RETURN VALUE: "On success, process_madvise() returns the number of bytes advised."
 * Claim-call: process_madvise
 * Tags: process_madvise madvise anonymous private extension
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS, MADV_DONTNEED */
#include "mmapcheck.h"

#ifdef __linux__
/* Pages 0, 2-3 and 5 of seven are advised; 1, 4 and 6 lie between and after. */
static const struct { size_t first, count; } range[3] = { { 0, 1 }, { 2, 2 }, { 5, 1 } };
static const size_t between[3] = { 1, 4, 6 };

int main(void)
{
	struct iovec iov[3];
	size_t pg, i, zeroed = 0, kept = 0;
	unsigned char *p;
	long ret;
	int pidfd;

	mc_begin();
	pg = mc_page_size();
	p = SAFE_MMAP(NULL, 7 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(p, 0xa5, 7 * pg);
	pidfd = (int)mc_pidfd_open(getpid(), 0);
	mc_require_call(pidfd, "pidfd_open", "5.3");
	if (pidfd < 0)
		mc_broken("pidfd_open(getpid()) failed: %s", mc_errno_name(errno));
	for (i = 0; i < 3; i++) {
		iov[i].iov_base = p + range[i].first * pg;
		iov[i].iov_len = range[i].count * pg;
	}

	ret = mc_process_madvise(pidfd, iov, 3, MADV_DONTNEED, 0);
	mc_require_call(ret, "process_madvise", "5.10");
	for (i = 0; i < 3; i++)
		zeroed += p[range[i].first * pg] == 0 && p[(range[i].first + range[i].count) * pg - 1] == 0;
	for (i = 0; i < 3; i++)
		kept += p[between[i] * pg] == 0xa5;
	mc_observe("returned", "%ld", ret);
	mc_observe("errno", "%s", ret < 0 ? mc_errno_name(errno) : "0");
	mc_observe("ranges_zeroed", "%zu", zeroed);
	mc_observe("between_kept", "%zu", kept);
	mc_check(ret == (long)(4 * pg), "process_madvise() returned %ld, not the %zu bytes of the three ranges", ret, 4 * pg);
	mc_check(zeroed == 3, "only %zu of the 3 ranges read zero afterwards", zeroed);
	mc_check(kept == 3, "only %zu of the 3 pages between the ranges kept their data", kept);
	SAFE(close(pidfd));
	SAFE(munmap(p, 7 * pg));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("process_madvise() is a Linux interface; not a Linux build");
}
#endif

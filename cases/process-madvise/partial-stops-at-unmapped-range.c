/*
 * Claim: process_madvise(MADV_DONTNEED) on the calling process with an iovec of three one-page ranges, the second unmapped, advises the first range only: it returns one page's bytes, the first page reads zero and the third keeps its data.
 * Source: Linux man-pages process_madvise(2), DESCRIPTION: "The advice might be applied to only a part of iovec if one of its elements points to an invalid memory region in the remote process. No further elements will be processed beyond that point."
 * Source: Linux man-pages process_madvise(2), RETURN VALUE: "This return value may be less than the total number of requested bytes, if an error occurred after some iovec elements were already processed."
 * Source: Linux man-pages process_madvise(2) (6.20): "Since Linux 6.13, when manipulating the calling process, any advice flag is permitted."
 * Claim-call: process_madvise
 * Tags: process_madvise madvise anonymous private extension
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS, MADV_DONTNEED */
#include "mmapcheck.h"

#ifdef __linux__
int main(void)
{
	struct iovec iov[3];
	size_t pg, i;
	char *p;
	long ret;
	int pidfd;

	mc_begin();
	pg = mc_page_size();
	p = SAFE_MMAP(NULL, 3 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(p, 0xa5, 3 * pg);
	SAFE(munmap(p + pg, pg));	/* the hole */
	pidfd = (int)mc_pidfd_open(getpid(), 0);
	mc_require_call(pidfd, "pidfd_open", "5.3");
	if (pidfd < 0)
		mc_broken("pidfd_open(getpid()) failed: %s", mc_errno_name(errno));
	for (i = 0; i < 3; i++) {
		iov[i].iov_base = p + i * pg;
		iov[i].iov_len = pg;
	}

	ret = mc_process_madvise(pidfd, iov, 3, MADV_DONTNEED, 0);
	mc_require_call(ret, "process_madvise", "5.10");
	mc_observe("returned", "%ld", ret);
	mc_observe("errno", "%s", ret < 0 ? mc_errno_name(errno) : "0");
	mc_observe("bytes", "0x%02x,0x%02x", (unsigned char)p[0], (unsigned char)p[2 * pg]);
	mc_check(ret == (long)pg, "process_madvise() returned %ld, not the %zu bytes of the first range", ret, pg);
	mc_check(p[0] == 0, "the first range, before the hole, was not advised");
	mc_check(p[2 * pg] == (char)0xa5, "the third range, after the hole, was advised");
	SAFE(close(pidfd));
	SAFE(munmap(p, pg));
	SAFE(munmap(p + 2 * pg, pg));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("process_madvise() is a Linux interface; not a Linux build");
}
#endif

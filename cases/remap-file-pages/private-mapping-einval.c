/*
 * Claim: remap_file_pages() on a MAP_PRIVATE file mapping fails with EINVAL.
 * Source: Linux man-pages remap_file_pages(2), ERRORS: "EINVAL addr does not refer to a valid mapping created with the MAP_SHARED flag."
 * Covers: remap_file_pages(2) EINVAL "MAP_SHARED"
 * Tags: remap file private errno extension
 * Requires: linux
 * Claim-call: remap_file_pages
 */
#define _GNU_SOURCE	/* remap_file_pages */
#include "mmapcheck.h"

int main(void)
{
#ifdef __linux__
	size_t pg = mc_page_size();
	char *p;
	int fd, r;

	mc_begin();
	fd = (int)SAFE(open(mc_file("private", 2 * pg, 'A'), O_RDWR));
	SAFE(pwrite(fd, "B", 1, (off_t)pg));
	p = SAFE_MMAP(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	r = remap_file_pages(p, pg, 0, 1, 0);
	mc_require_call(r, "remap_file_pages", "2.6");	/* gVisor has none */
	mc_expect_errno(r == -1 ? errno : 0, EINVAL, "remap_file_pages(p, pg, 0, 1, 0) of a MAP_PRIVATE mapping");
	mc_observe("first", "%c", p[0]);
	mc_check(p[0] == 'A', "the first page shows '%c' after the refused call, expected its own 'A'", p[0]);
	SAFE(munmap(p, 2 * pg));
	SAFE(close(fd));
	return mc_finish();
#else
	mc_begin();
	mc_skip("remap_file_pages() is a Linux call");
#endif
}

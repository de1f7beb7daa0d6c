/*
 * Claim: remap_file_pages() with a prot other than 0 fails with EINVAL and leaves the mapping as it was.
 * Source: Linux man-pages remap_file_pages(2), DESCRIPTION: "The prot argument must be specified as 0." ERRORS: "EINVAL addr, size, prot, or pgoff is invalid."
 * Covers: remap_file_pages(2) EINVAL "prot"
 * Tags: remap file shared errno extension
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
	fd = (int)SAFE(open(mc_file("prot", 2 * pg, 'A'), O_RDWR));
	SAFE(pwrite(fd, "B", 1, (off_t)pg));
	p = SAFE_MMAP(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	r = remap_file_pages(p, pg, PROT_READ, 1, 0);
	mc_require_call(r, "remap_file_pages", "2.6");	/* gVisor has none */
	mc_expect_errno(r == -1 ? errno : 0, EINVAL, "remap_file_pages(p, pg, PROT_READ, 1, 0)");
	mc_observe("first", "%c", p[0]);
	mc_check(p[0] == 'A', "the first page shows '%c' after the refused call, expected its own 'A'", p[0]);
	/* Control: with prot 0 the same call is accepted, so prot was what was refused. */
	mc_check(remap_file_pages(p, pg, 0, 1, 0) == 0 && p[0] == 'B',
		 "remap_file_pages() with prot 0 did not remap the page (%s)", mc_errno_name(errno));
	SAFE(munmap(p, 2 * pg));
	SAFE(close(fd));
	return mc_finish();
#else
	mc_begin();
	mc_skip("remap_file_pages() is a Linux call");
#endif
}

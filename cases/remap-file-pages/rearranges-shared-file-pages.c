/*
 * Claim: remap_file_pages() on a MAP_SHARED file mapping makes the page at addr show the file page pgoff, leaving the other pages of the mapping where they were.
 * Source: Linux man-pages remap_file_pages(2), DESCRIPTION: "Use one or more calls to remap_file_pages() to rearrange the correspondence between the pages of the mapping and the pages of the file. It is possible to map the same page of a file into multiple locations within the mapped region."
 * Source: Linux man-pages remap_file_pages(2), DESCRIPTION: "In Linux 4.0, the implementation was replaced by a slower in-kernel emulation."
 * Tags: remap file shared extension
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
	fd = (int)SAFE(open(mc_file("pages", 2 * pg, 'A'), O_RDWR));
	SAFE(pwrite(fd, "B", 1, (off_t)pg));	/* file page 1 starts with 'B', page 0 with 'A' */
	p = SAFE_MMAP(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p[0] != 'A' || p[pg] != 'B')	/* control: the linear mapping first */
		mc_broken("the new mapping shows '%c' and '%c', not the file's 'A' and 'B'", p[0], p[pg]);
	r = remap_file_pages(p, pg, 0, 1, 0);
	mc_require_call(r, "remap_file_pages", "2.6");	/* gVisor has none */
	mc_expect_errno(r == -1 ? errno : 0, 0, "remap_file_pages(p, pg, 0, 1, 0)");
	mc_observe("first", "%c", p[0]);
	mc_observe("second", "%c", p[pg]);
	mc_check(p[0] == 'B', "the first page shows '%c' after remapping file page 1 there, expected 'B'", p[0]);
	mc_check(p[pg] == 'B', "the second page shows '%c', expected file page 1's 'B' still", p[pg]);
	SAFE(munmap(p, 2 * pg));
	SAFE(close(fd));
	return mc_finish();
#else
	mc_begin();
	mc_skip("remap_file_pages() is a Linux call");
#endif
}

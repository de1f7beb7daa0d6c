/*
 * Claim: msync() of a mapped page with a length one byte longer than the page fails with ENOMEM when the next page is not mapped: the length reaches into that page.
 * Source: Linux man-pages msync(2), ERRORS: "ENOMEM The indicated memory (or part of it) was not mapped."
 * Source: POSIX.1-2017 msync(), DESCRIPTION: "in those whole pages containing any part of the address space of the process starting at address addr and continuing for len bytes"
 * Covers: msync(2) ENOMEM
 * Tags: msync errno file shared
 */
#include "mmapcheck.h"

int main(void)
{
	size_t pg;
	char *p;
	int fd;

	mc_begin();
	pg = mc_page_size();
	fd = (int)SAFE(open(mc_file("data", 2 * pg, 'a'), O_RDWR));
	p = SAFE_MMAP(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	p[0] = 'b';
	SAFE(munmap(p + pg, pg));	/* mapped, hole */
	/* Control: the mapped page alone, a whole page long, is synced. */
	SAFE(msync(p, pg, MS_SYNC));

	MC_EXPECT_ERRNO(msync(p, pg + 1, MS_SYNC), ENOMEM);
	SAFE(munmap(p, pg));
	return mc_finish();
}

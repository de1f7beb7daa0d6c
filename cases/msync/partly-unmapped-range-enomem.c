/*
 * Claim: msync() on a range whose first page is mapped but whose second page is not fails with ENOMEM.
 * Source: Linux man-pages msync(2), ERRORS: "ENOMEM The indicated memory (or part of it) was not mapped."
 * Source: POSIX.1-2017 msync(), ERRORS, [ENOMEM]: the range starting at addr and continuing for len bytes "specify one or more pages that are not mapped"
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
	fd = (int)SAFE(open(mc_file("data", 3 * pg, 'a'), O_RDWR));
	p = SAFE_MMAP(NULL, 3 * pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	p[0] = 'b';	/* the mapped part has something to write back */
	p[2 * pg] = 'b';
	/* The unmapped part is a hole between two mappings: nothing else is placed there. */
	SAFE(munmap(p + pg, pg));

	MC_EXPECT_ERRNO(msync(p, 2 * pg, MS_SYNC), ENOMEM);
	return mc_finish();
}

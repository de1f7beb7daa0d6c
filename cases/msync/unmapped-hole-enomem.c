/*
 * Claim: msync() on a page-aligned range that is not mapped (a hole left by munmap() between two mapped pages) fails with ENOMEM.
 * Source: Linux man-pages msync(2), ERRORS: ENOMEM "The indicated memory (or part of it) was not mapped"
 * Source: POSIX.1-2017 msync(), ERRORS: [ENOMEM] the range starting at addr and continuing for len bytes is outside the process's allowed address space "or specify one or more pages that are not mapped"
 * Source: FreeBSD msync(2), ERRORS: [ENOMEM] the range specifies "one or more pages that are not mapped"
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
	p[0] = 'b';	/* dirty neighbours, so only the hole can make msync fail */
	p[2 * pg] = 'b';
	/* A hole with mappings on both sides, so nothing else is placed there. */
	SAFE(munmap(p + pg, pg));

	MC_EXPECT_ERRNO(msync(p + pg, pg, MS_SYNC), ENOMEM);
	SAFE(munmap(p, pg));
	SAFE(munmap(p + 2 * pg, pg));
	SAFE(close(fd));
	return mc_finish();
}

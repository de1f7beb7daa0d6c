/*
 * Claim: msync() on a range whose first page is not mapped fails with ENOMEM, although the pages after it are a mapped shared file.
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
	p[pg] = 'b';	/* the mapped part has something to write back */
	SAFE(munmap(p, pg));	/* hole, mapped, mapped */
	/* Control: the mapped rest alone is synced, so only the first page can refuse. */
	SAFE(msync(p + pg, 2 * pg, MS_SYNC));

	MC_EXPECT_ERRNO(msync(p, 3 * pg, MS_SYNC), ENOMEM);
	SAFE(munmap(p + pg, 2 * pg));
	return mc_finish();
}

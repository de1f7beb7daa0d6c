/*
 * Claim: msync() with a length of 0 at a page-aligned mapped address returns 0.
 * Source: Linux man-pages msync(2), DESCRIPTION: "the part of the file that corresponds to the memory area starting at addr and having length length is updated" (an empty area; no ERRORS entry covers it); mm/msync.c returns 0 when the rounded end equals the start
 * Source: POSIX.1-2017 msync(), ERRORS: no error applies to a length of 0 ([ENOMEM] is for pages not mapped, [EINVAL] for flags and addr)
 * Tags: msync file shared
 * Noop-satisfies: the claim is that an empty range returns 0, and an empty range has nothing to sync: a no-op returning 0 is exactly what is claimed
 */
#include "mmapcheck.h"

int main(void)
{
	size_t pg;
	char *p;
	int fd;

	mc_begin();
	pg = mc_page_size();
	fd = (int)SAFE(open(mc_file("data", pg, 'a'), O_RDWR));
	p = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	p[0] = 'b';

	MC_EXPECT_ERRNO(msync(p, 0, MS_SYNC), 0);
	return mc_finish();
}

/*
 * Claim: msync() with an addr that is not a multiple of the page size fails with EINVAL, even when the whole range is mapped.
 * Source: Linux man-pages msync(2), ERRORS: "EINVAL addr is not a multiple of PAGESIZE"
 * Source: POSIX.1-2017 msync(), ERRORS, [EINVAL]: "The value of addr is not a multiple of the page size as returned by sysconf()." (a "may fail" error)
 * Covers: msync(2) EINVAL "addr is not a multiple of PAGESIZE"
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
	p[0] = 'b';	/* dirty, so the alignment is the only problem */

	MC_EXPECT_ERRNO(msync(p + 1, pg, MS_SYNC), EINVAL);
	return mc_finish();
}

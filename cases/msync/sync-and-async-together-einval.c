/*
 * Claim: msync() with both MS_SYNC and MS_ASYNC set in flags fails with EINVAL.
 * Source: Linux man-pages msync(2), ERRORS: EINVAL "... or both MS_SYNC and MS_ASYNC are set in flags"
 * Source: POSIX.1-2017 msync(), DESCRIPTION: exactly one of MS_ASYNC and MS_SYNC is to be specified; ERRORS: [EINVAL] "The value of flags is invalid"
 * Covers: msync(2) EINVAL "both MS_SYNC and MS_ASYNC"
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
	fd = (int)SAFE(open(mc_file("data", pg, 'a'), O_RDWR));
	p = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	p[0] = 'b';	/* something to write back, so the flags are the only problem */

	MC_EXPECT_ERRNO(msync(p, pg, MS_SYNC | MS_ASYNC), EINVAL);
	return mc_finish();
}

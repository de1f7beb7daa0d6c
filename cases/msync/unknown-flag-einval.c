/*
 * Claim: msync() with a flags bit other than MS_ASYNC, MS_INVALIDATE and MS_SYNC set (next to MS_SYNC) fails with EINVAL.
 * Source: Linux man-pages msync(2), ERRORS: "EINVAL ... any bit other than MS_ASYNC | MS_INVALIDATE | MS_SYNC is set in flags"
 * Source: POSIX.1-2017 msync(), ERRORS, [EINVAL]: "The value of flags is invalid."
 * Covers: msync(2) EINVAL "any bit other than"
 * Tags: msync errno file shared
 */
#include "mmapcheck.h"

int main(void)
{
	int known = MS_ASYNC | MS_INVALIDATE | MS_SYNC, bit = 1;
	size_t pg;
	char *p;
	int fd;

	mc_begin();
	pg = mc_page_size();
#ifdef MS_KILLPAGES	/* macOS's own flags are not unknown there */
	known |= MS_KILLPAGES;
#endif
#ifdef MS_DEACTIVATE
	known |= MS_DEACTIVATE;
#endif
	while (bit & known)	/* the lowest bit no documented flag uses */
		bit <<= 1;
	fd = (int)SAFE(open(mc_file("data", pg, 'a'), O_RDWR));
	p = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	p[0] = 'b';

	mc_observe("bit", "0x%x", bit);
	MC_EXPECT_ERRNO(msync(p, pg, MS_SYNC | bit), EINVAL);
	return mc_finish();
}

/*
 * Claim: msync() with MS_ASYNC|MS_INVALIDATE on a MAP_SHARED file mapping returns 0.
 * Source: Linux man-pages msync(2), DESCRIPTION: "The flags argument should specify exactly one of MS_ASYNC and MS_SYNC, and may additionally include the MS_INVALIDATE bit."
 * Source: POSIX.1-2017 msync(), DESCRIPTION: flags is constructed from the bitwise-inclusive OR of MS_ASYNC, MS_SYNC and MS_INVALIDATE, exactly one of MS_ASYNC and MS_SYNC being specified
 * Tags: msync file shared
 * Noop-satisfies: the claim is only that this flag combination is accepted (returns 0); what MS_ASYNC|MS_INVALIDATE then does is unobservable by design (Linux: MS_ASYNC is a no-op, MS_INVALIDATE only checks for locked pages), so an msync() that does nothing is a conforming one
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

	MC_EXPECT_ERRNO(msync(p, pg, MS_ASYNC | MS_INVALIDATE), 0);
	return mc_finish();
}

/*
 * Claim: msync() with MS_INVALIDATE on a range of a MAP_SHARED file mapping that is locked with mlock() fails with EBUSY.
 * Source: Linux man-pages msync(2), ERRORS: "EBUSY MS_INVALIDATE was specified in flags, and a memory lock exists for the specified address range."
 * Source: POSIX.1-2017 msync(), ERRORS, [EBUSY]: some or all of the addresses in the range are locked, and MS_INVALIDATE is specified
 * Source: FreeBSD msync(2), ERRORS: [EBUSY] "Some or all of the pages in the specified region are locked and MS_INVALIDATE is specified."
 * Covers: msync(2) EBUSY
 * Tags: msync errno file shared mlock privileges
 */
#include "mmapcheck.h"
#include <sys/resource.h>

int main(void)
{
	struct rlimit rl;
	size_t pg;
	char *p;
	int fd;

	mc_begin();
	pg = mc_page_size();
	SAFE(getrlimit(RLIMIT_MEMLOCK, &rl));
	if (!mc_lock_privileged() && rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < pg)
		mc_skip("RLIMIT_MEMLOCK (%llu bytes) too small to lock a page, and no privilege to exceed it",
			(unsigned long long)rl.rlim_cur);
	fd = (int)SAFE(open(mc_file("data", pg, 'a'), O_RDWR));
	p = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	p[0] = 'b';
	SAFE(mlock(p, pg));

	MC_EXPECT_ERRNO(msync(p, pg, MS_SYNC | MS_INVALIDATE), EBUSY);
	SAFE(munlock(p, pg));
	return mc_finish();
}

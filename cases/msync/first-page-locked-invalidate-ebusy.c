/*
 * Claim: msync() with MS_INVALIDATE on a two-page range of a MAP_SHARED file mapping whose first page only is locked with mlock() fails with EBUSY.
 * Source: Linux man-pages msync(2), ERRORS: "EBUSY MS_INVALIDATE was specified in flags, and a memory lock exists for the specified address range."
 * Source: POSIX.1-2017 msync(), ERRORS, [EBUSY]: "Some or all of the addresses in the range starting at addr and continuing for len bytes are locked, and MS_INVALIDATE is specified."
 * Covers: msync(2) EBUSY
 * Tags: msync errno file shared mlock privileges
 */
#include "mmapcheck.h"

int main(void)
{
	size_t pg;
	char *p;
	int fd;

	mc_begin();
	pg = mc_page_size();
	mc_require_lock_room(1);
	fd = (int)SAFE(open(mc_file("data", 2 * pg, 'a'), O_RDWR));
	p = SAFE_MMAP(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	p[0] = 'b';
	p[pg] = 'b';
	SAFE(mlock(p, pg));	/* the second page, where the range ends, stays unlocked */
	/* Control: the unlocked page alone is invalidated, so only the locked one can refuse. */
	SAFE(msync(p + pg, pg, MS_SYNC | MS_INVALIDATE));

	MC_EXPECT_ERRNO(msync(p, 2 * pg, MS_SYNC | MS_INVALIDATE), EBUSY);
	SAFE(munlock(p, pg));
	SAFE(munmap(p, 2 * pg));
	return mc_finish();
}

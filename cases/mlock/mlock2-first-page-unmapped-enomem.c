/*
 * Claim: mlock2() of a range whose first page is not mapped fails with ENOMEM, although the pages after it are mapped.
 * Source: Linux man-pages mlock(2), ERRORS: "ENOMEM (mlock(), mlock2(), and munlock()) Some of the specified address range does not correspond to mapped pages in the address space of the process."
 * Covers: mlock(2) ENOMEM "does not correspond to mapped pages"
 * Tags: mlock errno anonymous extension privileges
 * Requires: linux
 */
#define _GNU_SOURCE	/* MLOCK_ONFAULT */
#include "mmapcheck.h"

#ifdef MLOCK_ONFAULT
int main(void)
{
	size_t pg;
	char *p;

	mc_begin();
	pg = mc_page_size();
	/* Linux checks RLIMIT_MEMLOCK first (EPERM at 0, ENOMEM when over): the range must fit. */
	mc_require_lock_room(3);
	p = SAFE_MMAP(NULL, 3 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	SAFE(munmap(p, pg));	/* hole, mapped, mapped */
	/* Control: the mapped rest alone can be locked, so only the first page can refuse. */
	SAFE(mlock2(p + pg, 2 * pg, 0));
	SAFE(munlock(p + pg, 2 * pg));

	MC_EXPECT_ERRNO(mlock2(p, 3 * pg, 0), ENOMEM);
	SAFE(munmap(p + pg, 2 * pg));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("mlock2(): not provided by this system (no MLOCK_ONFAULT)");
}
#endif

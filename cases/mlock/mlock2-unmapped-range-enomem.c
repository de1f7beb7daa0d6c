/*
 * Claim: mlock2() of a range whose middle page is not mapped fails with ENOMEM.
 * Source: Linux man-pages mlock(2), ERRORS: "ENOMEM (mlock(), mlock2(), and munlock()) Some of the specified address range does not correspond to mapped pages in the address space of the process."
 * Covers: mlock(2) ENOMEM "does not correspond to mapped pages"
 * Tags: mlock errno anonymous extension
 * Requires: linux
 */
#include "mmapcheck.h"

#ifdef MLOCK_ONFAULT

int main(void)
{
	size_t pg;
	char *p;

	mc_begin();
	pg = mc_page_size();
	/* Three pages, the middle one unmapped: the hole is inside the range, not at its end. */
	p = SAFE_MMAP(NULL, 3 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	SAFE(munmap(p + pg, pg));
	MC_EXPECT_ERRNO(mlock2(p, 3 * pg, 0), ENOMEM);
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("mlock2() (MLOCK_ONFAULT) is not defined on this platform");
}
#endif

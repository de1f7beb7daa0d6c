/*
 * Claim: munlock() of a range whose middle page is not mapped fails with ENOMEM.
 * Source: Linux man-pages mlock(2), ERRORS: "ENOMEM (mlock(), mlock2(), and munlock()) Some of the specified address range does not correspond to mapped pages in the address space of the process."
 * Source: POSIX.1-2017 munlock(), ERRORS, [ENOMEM] "Some or all of the address range specified by the addr and len arguments does not correspond to valid mapped pages"
 * Covers: mlock(2) ENOMEM "does not correspond to mapped pages"
 * Tags: mlock errno anonymous
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"

int main(void)
{
	size_t pg;
	char *p;

	mc_begin();
	pg = mc_page_size();
	/* Three pages, the middle one unmapped: the hole is inside the range, not at its end. */
	p = SAFE_MMAP(NULL, 3 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	SAFE(munmap(p + pg, pg));
	MC_EXPECT_ERRNO(munlock(p, 3 * pg), ENOMEM);
	return mc_finish();
}

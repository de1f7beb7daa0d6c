/*
 * Claim: munlock() of a mapped page with a length one byte longer than the page fails with ENOMEM when the next page is not mapped: the length reaches into that page.
 * Source: Linux man-pages mlock(2), DESCRIPTION: "Memory locking and unlocking are performed in units of whole pages."; ERRORS: "ENOMEM (mlock(), mlock2(), and munlock()) Some of the specified address range does not correspond to mapped pages in the address space of the process."
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
	p = SAFE_MMAP(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	SAFE(munmap(p + pg, pg));	/* mapped, hole */
	/* Control: the mapped page alone, a whole page long, is accepted. */
	SAFE(munlock(p, pg));

	MC_EXPECT_ERRNO(munlock(p, pg + 1), ENOMEM);
	SAFE(munmap(p, pg));
	return mc_finish();
}

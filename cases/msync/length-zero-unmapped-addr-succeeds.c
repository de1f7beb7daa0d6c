/*
 * Claim: msync() with a length of 0 at a page-aligned address that is not mapped returns 0: an empty range contains no unmapped page.
 * Source: POSIX.1-2017 msync(), ERRORS, [ENOMEM]: the range starting at addr and continuing for len bytes "specify one or more pages that are not mapped" (an empty range specifies none)
 * Source: Linux man-pages msync(2), ERRORS: "ENOMEM The indicated memory (or part of it) was not mapped." (no memory is indicated); mm/msync.c returns 0 when the rounded end equals the start, before looking up any mapping
 * Tags: msync anonymous
 * Noop-satisfies: the claim is that an empty range at an unmapped address returns 0 (no ENOMEM), and an empty range has nothing to sync: a no-op returning 0 is exactly what is claimed
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"

int main(void)
{
	size_t pg;
	char *p;

	mc_begin();
	pg = mc_page_size();
	p = SAFE_MMAP(NULL, 3 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	SAFE(munmap(p + pg, pg));	/* a hole between two mappings: nothing else is placed there */

	MC_EXPECT_ERRNO(msync(p + pg, 0, MS_SYNC), 0);
	return mc_finish();
}

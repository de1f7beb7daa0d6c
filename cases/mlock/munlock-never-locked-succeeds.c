/*
 * Claim: munlock() of a mapped range that was never locked succeeds.
 * Source: Linux man-pages mlock(2), ERRORS: munlock() fails with ENOMEM only when part of the range "does not correspond to mapped pages" (or would exceed the mapping count); a lock is not required
 * Source: POSIX.1-2017 munlock(), ERRORS: [ENOMEM] only for a range that "does not correspond to valid mapped pages"
 * Tags: mlock errno anonymous private
 * Noop-satisfies: the claim is that munlock() of never-locked memory returns 0 and nothing else: there is nothing to undo, so a munlock() that does nothing is exactly what is claimed
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
	p[0] = 1;	/* one page resident, one not: neither locked */
	MC_EXPECT_ERRNO(munlock(p, 2 * pg), 0);
	return mc_finish();
}

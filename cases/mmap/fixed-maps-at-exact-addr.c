/*
 * Claim: mmap() with MAP_FIXED places the mapping at exactly the page-aligned addr it was given, inside a range the process reserved.
 * Source: POSIX.1-2017 mmap(), DESCRIPTION: "When MAP_FIXED is set in the flags argument, the implementation is informed that the value of pa shall be addr, exactly."
 * Source: Linux man-pages mmap(2), MAP_FIXED: "Don't interpret addr as a hint: place the mapping at exactly that address"
 * Tags: mmap anonymous
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"

int main(void)
{
	char *base, *want, *p;
	size_t pg;

	mc_begin();
	pg = mc_page_size();
	/* Reserve 8 pages, then map 2 pages at an odd spot inside them (not the start). */
	base = SAFE_MMAP(NULL, 8 * pg, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	want = base + 3 * pg;
	p = MC_EXPECT_MAP(want, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	mc_observe("offset_from_addr", "%ld", (long)(p - want));
	mc_check(p == want, "MAP_FIXED returned %p, asked for %p", (void *)p, (void *)want);
	if (p == want)
		p[pg] = 'f';	/* the new mapping is writable where the reservation was PROT_NONE */
	SAFE(munmap(base, 8 * pg));
	return mc_finish();
}

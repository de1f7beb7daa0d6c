/*
 * Claim: mmap() with MAP_FIXED_NOREPLACE on a free, page-aligned range places the mapping at exactly addr.
 * Source: Linux man-pages mmap(2), MAP_FIXED_NOREPLACE: "This flag provides behavior that is similar to MAP_FIXED with respect to the addr enforcement"; MAP_FIXED: "place the mapping at exactly that address"
 * Source: FreeBSD mmap(2), MAP_FIXED: "if MAP_EXCL is specified, the request will fail if a mapping already exists within the range" (its spelling)
 * Tags: mmap anonymous extension
 */
#define _DEFAULT_SOURCE	/* MAP_FIXED_NOREPLACE */
#include "mmapcheck.h"

#ifdef MAP_FIXED_NOREPLACE
int main(void)
{
	char *base, *want, *p;
	size_t pg;

	mc_begin();
	mc_observe("spelling", MC_NOREPLACE_SPELLING);
	pg = mc_page_size();
	/* A free range: reserved, then given back.  Aim at its middle, not its top. */
	base = SAFE_MMAP(NULL, 8 * pg, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	SAFE(munmap(base, 8 * pg));
	want = base + 2 * pg;
	p = MC_EXPECT_MAP(want, 2 * pg, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	mc_observe("offset_from_addr", "%ld", (long)(p - want));
	mc_check(p == want, "MAP_FIXED_NOREPLACE returned %p, asked for %p", (void *)p, (void *)want);
	SAFE(munmap(p, 2 * pg));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MAP_FIXED_NOREPLACE: not provided by this system (nor FreeBSD's MAP_EXCL)");
}
#endif

/*
 * Claim: MAP_FIXED_NOREPLACE succeeds at exactly addr for a free range that touches existing mappings on both sides without overlapping them, and leaves those mappings intact.
 * Source: Linux man-pages mmap(2), MAP_FIXED_NOREPLACE: it "never clobbers a preexisting mapped range. If the requested range would collide with an existing mapping, then this call fails with the error EEXIST" (a range that only touches one does not collide)
 * Source: FreeBSD mmap(2), MAP_FIXED: "if MAP_EXCL is specified, the request will fail if a mapping already exists within the range" (its spelling)
 * Tags: mmap anonymous extension
 */
#define _DEFAULT_SOURCE	/* MAP_FIXED_NOREPLACE */
#include "mmapcheck.h"

#ifdef MAP_FIXED_NOREPLACE
int main(void)
{
	char *base, *p;
	size_t pg;

	mc_begin();
	mc_observe("spelling", MC_NOREPLACE_SPELLING);
	pg = mc_page_size();
	/* Pages 0 and 3 stay mapped ('L', 'R'); pages 1-2 become a hole between them. */
	base = SAFE_MMAP(NULL, 4 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	base[0] = 'L';
	base[3 * pg] = 'R';
	SAFE(munmap(base + pg, 2 * pg));

	p = MC_EXPECT_MAP(base + pg, 2 * pg, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	mc_observe("offset_from_addr", "%ld", (long)(p - (base + pg)));
	mc_observe("neighbours", "%c%c", base[0], base[3 * pg]);
	mc_check(p == base + pg, "MAP_FIXED_NOREPLACE returned %p, asked for %p", (void *)p, (void *)(base + pg));
	mc_check(base[0] == 'L' && base[3 * pg] == 'R', "neighbouring pages changed to 0x%02x, 0x%02x",
		 (unsigned char)base[0], (unsigned char)base[3 * pg]);
	SAFE(munmap(base, 4 * pg));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MAP_FIXED_NOREPLACE: not provided by this system (nor FreeBSD's MAP_EXCL)");
}
#endif

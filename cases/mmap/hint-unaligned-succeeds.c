/*
 * Claim: mmap() without MAP_FIXED and with an addr hint that is not a multiple of the page size succeeds and returns a page-aligned address.
 * Source: POSIX.1-2017 mmap(), ERRORS: EINVAL for an unaligned addr only "(if MAP_FIXED was specified)"; DESCRIPTION: without MAP_FIXED the implementation uses addr "in an implementation-defined manner"
 * Source: Linux man-pages mmap(2), DESCRIPTION: "If addr is not NULL, then the kernel takes it as a hint about where to place the mapping; on Linux, the kernel will pick a nearby page boundary"
 * Tags: mmap anonymous
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"

int main(void)
{
	unsigned char *hint, *p;
	size_t pg;

	mc_begin();
	pg = mc_page_size();
	/* A hint inside a range that was free a moment ago, one byte past a page boundary. */
	hint = SAFE_MMAP(NULL, 2 * pg, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	SAFE(munmap(hint, 2 * pg));

	p = MC_EXPECT_MAP(hint + 1, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	mc_observe("page_offset", "%lu", (unsigned long)((uintptr_t)p % pg));
	mc_observe("at_hint_page", "%s", p == hint ? "yes" : "no");
	mc_check((uintptr_t)p % pg == 0, "mmap() returned %p, not page-aligned", (void *)p);
	SAFE(munmap(p, pg));
	return mc_finish();
}

/*
 * Claim: On Linux, a page-aligned addr hint (without MAP_FIXED) inside a free range is honoured: the mapping is placed at exactly that address.
 * Source: Linux man-pages mmap(2), DESCRIPTION: "If addr is not NULL, then the kernel takes it as a hint about where to place the mapping; on Linux, the kernel will pick a nearby page boundary ... and attempt to create the mapping there."
 * Source: POSIX.1-2017 mmap(), DESCRIPTION: "A non-zero value of addr is taken to be a suggestion of a process address near which the mapping should be placed." (how near is implementation-defined)
 * Tags: mmap anonymous
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"

#ifdef __linux__
int main(void)
{
	char *base, *want, *p;
	size_t pg;

	mc_begin();
	pg = mc_page_size();
	/*
	 * A free hole of 16 pages; the hint is 4 pages into it, where neither a
	 * top-down nor a bottom-up search without the hint would put 2 pages.
	 */
	base = SAFE_MMAP(NULL, 16 * pg, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	SAFE(munmap(base, 16 * pg));
	want = base + 4 * pg;
	p = MC_EXPECT_MAP(want, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	mc_observe("offset_from_hint", "%ld", (long)(p - want));
	mc_check(p == want, "the hint %p was free but the mapping went to %p", (void *)want, (void *)p);
	SAFE(munmap(p, 2 * pg));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("only Linux documents that a free hint is used as the address");
}
#endif

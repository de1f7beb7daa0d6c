/*
 * Claim: An mmap() without MAP_FIXED whose addr hint lies on an existing mapping is placed elsewhere, and the existing mapping keeps its contents.
 * Source: POSIX.1-2017 mmap(), DESCRIPTION: "When the implementation selects a value for pa, it never places a mapping at address 0, nor does it replace any extant mapping."
 * Source: Linux man-pages mmap(2), DESCRIPTION: "If another mapping already exists there, the kernel picks a new address that may or may not depend on the hint."
 * Tags: mmap anonymous
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"

int main(void)
{
	size_t pg, i, changed = 0;
	char *old, *p;

	mc_begin();
	pg = mc_page_size();
	old = SAFE_MMAP(NULL, 4 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(old, 'o', 4 * pg);

	/* Hint at the second page of the existing mapping, 2 pages long. */
	p = MC_EXPECT_MAP(old + pg, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	for (i = 0; i < 4 * pg; i++)
		changed += old[i] != 'o';
	mc_observe("placed", "%s", p + 2 * pg <= old || p >= old + 4 * pg ? "elsewhere" : "overlapping");
	mc_observe("changed_bytes", "%zu", changed);
	mc_check(p + 2 * pg <= old || p >= old + 4 * pg, "new mapping at %p overlaps the existing one at %p",
		 (void *)p, (void *)old);
	mc_check(changed == 0, "%zu bytes of the existing mapping changed", changed);
	SAFE(munmap(p, 2 * pg));
	SAFE(munmap(old, 4 * pg));
	return mc_finish();
}

/*
 * Claim: Without MAP_FIXED, mmap() never places a mapping at address 0, whether addr is NULL or a hint inside page 0, for any length.
 * Source: POSIX.1-2017 mmap(), DESCRIPTION: "When the implementation selects a value for pa, it never places a mapping at address 0, nor does it replace any extant mapping."
 * Source: Linux man-pages mmap(2), NOTES: with addr 0 (NULL) and no MAP_FIXED "the address is chosen so as not to conflict with any existing mapping, and will not be 0"
 * Tags: mmap anonymous
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"

int main(void)
{
	static const size_t pages[] = { 1, 2, 16, 257 };
	size_t pg, i, h, zero = 0;
	uintptr_t lowest = UINTPTR_MAX;
	void *hints[3];
	char *p;

	mc_begin();
	pg = mc_page_size();
	hints[0] = NULL;
	hints[1] = (void *)(uintptr_t)(pg / 2);	/* inside page 0: rounding down gives 0 */
	hints[2] = (void *)(uintptr_t)pg;	/* page 1: mapping there would cover nothing at 0, but is low */
	for (h = 0; h < ARRAY_SIZE(hints); h++) {
		for (i = 0; i < ARRAY_SIZE(pages); i++) {
			size_t len = pages[i] * pg;

			p = SAFE_MMAP(hints[h], len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
			if ((uintptr_t)p < lowest)
				lowest = (uintptr_t)p;
			if (p == NULL) {
				zero++;
				mc_note("hint %p, %zu pages: mapped at address 0", hints[h], pages[i]);
			}
			SAFE(munmap(p, len));
		}
	}
	mc_observe("at_zero", "%zu", zero);
	mc_observe("lowest", "%#lx", (unsigned long)lowest);
	mc_check(zero == 0, "%zu of %zu mappings were placed at address 0", zero,
		 ARRAY_SIZE(hints) * ARRAY_SIZE(pages));
	return mc_finish();
}

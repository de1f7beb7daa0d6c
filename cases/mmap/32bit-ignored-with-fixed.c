/*
 * Claim: On x86-64, MAP_32BIT is ignored when MAP_FIXED is set: a MAP_FIXED|MAP_32BIT mapping at an address above 4 GiB is placed exactly there.
 * Source: Linux man-pages mmap(2), MAP_32BIT: "The MAP_32BIT flag is ignored when MAP_FIXED is set."
 * Tags: mmap anonymous private extension
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MAP_32BIT */
#include "mmapcheck.h"

#if defined(MAP_32BIT) && defined(__x86_64__) && defined(__LP64__)
int main(void)
{
	char *base, *p;
	size_t pg;

	mc_begin();
	pg = mc_page_size();
	/* A range of our own (the default layout puts it far above 4 GiB). */
	base = SAFE_MMAP(NULL, 4 * pg, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if ((uintptr_t)base < 0x100000000UL)
		mc_skip("an ordinary mapping was placed below 4 GiB (%p): no high range to try", (void *)base);
	p = MC_EXPECT_MAP(base + pg, 2 * pg, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_32BIT, -1, 0);
	mc_observe("offset_from_addr", "%ld", (long)(p - (base + pg)));
	mc_check(p == base + pg, "MAP_FIXED|MAP_32BIT returned %p, asked for %p", (void *)p, (void *)(base + pg));
	SAFE(munmap(base, 4 * pg));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MAP_32BIT exists only for 64-bit programs on x86-64 Linux");
}
#endif

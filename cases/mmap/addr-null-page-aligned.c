/*
 * Claim: mmap() with addr NULL and without MAP_FIXED places the mapping at an address the system chooses, and that address is a multiple of the page size.
 * Source: Linux man-pages mmap(2), DESCRIPTION: "If addr is NULL, then the kernel chooses the (page-aligned) address at which to create the mapping"
 * Tags: mmap anonymous
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"

int main(void)
{
	unsigned char *p;
	uintptr_t off;
	size_t pg;

	mc_begin();
	pg = mc_page_size();
	p = MC_EXPECT_MAP(NULL, pg, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	/* The address itself changes from run to run; its offset in a page must not. */
	off = (uintptr_t)p % pg;
	mc_observe("page_offset", "%lu", (unsigned long)off);
	mc_check(p != NULL && off == 0, "mmap(NULL, ...) returned %p, not page-aligned", (void *)p);
	SAFE(munmap(p, pg));
	return mc_finish();
}

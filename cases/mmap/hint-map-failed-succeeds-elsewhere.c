/*
 * Claim: mmap() without MAP_FIXED and with the hint MAP_FAILED (an address no page-aligned mapping can start at) succeeds and returns a page-aligned address other than MAP_FAILED.
 * Source: POSIX.1-2017 mmap(), RETURN VALUE: "Upon successful completion, the mmap() function shall return the address at which the mapping was placed; otherwise, it shall return a value of MAP_FAILED"; DESCRIPTION: without MAP_FIXED addr is used "in an implementation-defined manner"
 * Source: Linux man-pages mmap(2), DESCRIPTION: addr is only "a hint about where to place the mapping"; "If another mapping already exists there, the kernel picks a new address"
 * Tags: mmap anonymous
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"

int main(void)
{
	unsigned char *p;
	size_t pg;

	mc_begin();
	pg = mc_page_size();

	p = MC_EXPECT_MAP(MAP_FAILED, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	mc_observe("page_offset", "%lu", (unsigned long)((uintptr_t)p % pg));
	mc_check((void *)p != MAP_FAILED && (uintptr_t)p % pg == 0,
		 "mmap() returned %p for the hint MAP_FAILED", (void *)p);
	p[0] = 1;	/* the memory is there */
	SAFE(munmap(p, pg));
	return mc_finish();
}

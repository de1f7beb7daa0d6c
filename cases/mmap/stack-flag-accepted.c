/*
 * Claim: mmap() accepts MAP_STACK on a private anonymous read/write mapping, which then reads as zero and takes stores like any other.
 * Source: Linux man-pages mmap(2), MAP_STACK: "Allocate the mapping at an address suitable for a process or thread stack. This flag is currently a no-op on Linux."
 * Source: FreeBSD mmap(2), MAP_STACK: creates a stack-like segment (the BSDs require it for thread stacks)
 * Tags: mmap anonymous private extension
 */
#define _DEFAULT_SOURCE	/* MAP_STACK */
#include "mmapcheck.h"

#ifdef MAP_STACK
int main(void)
{
	size_t len, i, nonzero = 0;
	char *p;

	mc_begin();
	len = 4 * mc_page_size();
	p = MC_EXPECT_MAP(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
	for (i = 0; i < len; i++)
		nonzero += p[i] != 0;
	p[len - 1] = 's';	/* stacks are used from the top */
	mc_observe("nonzero_bytes", "%zu", nonzero);
	mc_check(nonzero == 0, "%zu bytes of the new stack mapping are not zero", nonzero);
	mc_check(p[len - 1] == 's', "a store to the top byte did not stick");
	SAFE(munmap(p, len));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MAP_STACK is not defined on this platform");
}
#endif

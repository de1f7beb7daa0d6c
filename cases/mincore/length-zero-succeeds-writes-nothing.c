/*
 * Claim: mincore() with a length of 0 at a mapped page-aligned address returns 0 and writes no byte of vec.
 * Source: Linux man-pages mincore(2), DESCRIPTION: "The vec argument must point to an array containing at least (length+PAGE_SIZE-1) / PAGE_SIZE bytes" (0 for a length of 0); RETURN VALUE: "On success, mincore() returns zero."
 * Tags: mincore anonymous
 * Noop-satisfies: the claim is that a length of 0 returns 0 and writes no byte of vec, which is exactly what a mincore() that does nothing does
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"

#ifndef __OpenBSD__
int main(void)
{
	unsigned char vec[2] = { 0xaa, 0xaa };
	size_t pg;
	char *p;

	mc_begin();
	pg = mc_page_size();
	p = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	p[0] = 1;	/* resident: a byte written for it would read 0x01 */

	MC_EXPECT_ERRNO(mincore(p, 0, (void *)vec), 0);
	mc_observe("vec", "0x%02x,0x%02x", vec[0], vec[1]);
	mc_check(vec[0] == 0xaa && vec[1] == 0xaa, "vec became 0x%02x,0x%02x for a length of 0",
		 vec[0], vec[1]);
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("OpenBSD has no mincore()");
}
#endif

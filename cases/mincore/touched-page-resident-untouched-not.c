/*
 * Claim: In a private anonymous mapping, mincore() reports a page that was written to as resident and a page never touched as not resident.
 * Source: Linux man-pages mincore(2), DESCRIPTION: "the least significant bit of each byte will be set if the corresponding page is currently resident in memory, and be clear otherwise"
 * Source: Linux man-pages mmap(2), MAP_ANONYMOUS: the mapping is not backed by any file; pages are allocated on first touch (demand paging, NOTES)
 * Tags: mincore anonymous private
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"

#ifndef __OpenBSD__
int main(void)
{
	unsigned char vec[2] = { 0x00, 0x00 };	/* a mincore() that writes nothing leaves "not resident" */
	size_t pg;
	char *p;

	mc_begin();
	pg = mc_page_size();
	p = SAFE_MMAP(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	p[0] = 1;	/* page 0 touched, page 1 never */

	MC_EXPECT_ERRNO(mincore(p, 2 * pg, (void *)vec), 0);
	mc_observe("vec", "0x%02x,0x%02x", vec[0], vec[1]);
	mc_check(vec[0] & 1, "the written page reads not resident (0x%02x)", vec[0]);
	mc_check(!(vec[1] & 1), "the untouched page reads resident (0x%02x)", vec[1]);
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("OpenBSD has no mincore()");
}
#endif

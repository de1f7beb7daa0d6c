/*
 * Claim: mincore() with a length of one page plus one byte writes two vector entries: the second one, for the page holding the last byte, reports that touched page resident; no third entry is written.
 * Source: Linux man-pages mincore(2), DESCRIPTION: "The length argument need not be a multiple of the page size, but since residency information is returned for whole pages, length is effectively rounded up to the next multiple of the page size."
 * Tags: mincore anonymous private
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"

#ifndef __OpenBSD__
int main(void)
{
	unsigned char vec[3] = { 0xaa, 0xaa, 0xaa };	/* bit 0 clear: "not written" reads not resident */
	size_t pg;
	char *p;

	mc_begin();
	pg = mc_page_size();
	p = SAFE_MMAP(NULL, 3 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	p[0] = 1;
	p[pg] = 1;
	p[2 * pg] = 1;	/* resident too: a third entry, if written, would show it */

	MC_EXPECT_ERRNO(mincore(p, pg + 1, (void *)vec), 0);
	mc_observe("vec", "0x%02x,0x%02x,0x%02x", vec[0], vec[1], vec[2]);
	mc_check(vec[1] & 1, "entry of the partial last page is 0x%02x: not written or not resident", vec[1]);
	mc_check(vec[2] == 0xaa, "a third entry was written (0x%02x) for a range of two pages", vec[2]);
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("OpenBSD has no mincore()");
}
#endif

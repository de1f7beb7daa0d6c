/*
 * Claim: mincore() sets the least significant bit of a resident page's vector byte that held 0x00, and clears it in a non-resident page's byte that held 0xff; the other bits are left undefined and only recorded.
 * Source: Linux man-pages mincore(2), DESCRIPTION: "On return, the least significant bit of each byte will be set if the corresponding page is currently resident in memory, and be clear otherwise. (The settings of the other bits in each byte are undefined; these bits are reserved for possible later use.)"
 * Source: FreeBSD mincore(2), DESCRIPTION: MINCORE_INCORE, MINCORE_REFERENCED, MINCORE_MODIFIED ... bits of each byte (other bits have meanings there)
 * Tags: mincore anonymous private unspecified
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"

#ifndef __OpenBSD__
int main(void)
{
	unsigned char vec[2] = { 0x00, 0xff };
	size_t pg;
	char *p;

	mc_begin();
	pg = mc_page_size();
	p = SAFE_MMAP(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	p[0] = 1;	/* page 0 resident, page 1 never touched */

	MC_EXPECT_ERRNO(mincore(p, 2 * pg, (void *)vec), 0);
	mc_observe("vec", "0x%02x,0x%02x", vec[0], vec[1]);	/* the undefined bits, for comparison */
	mc_check(vec[0] & 1, "bit 0 of the resident page's byte (was 0x00) is clear: 0x%02x", vec[0]);
	mc_check(!(vec[1] & 1), "bit 0 of the untouched page's byte (was 0xff) is set: 0x%02x", vec[1]);
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("OpenBSD has no mincore()");
}
#endif

/*
 * Claim: Every byte of a new MAP_ANONYMOUS mapping reads as zero.
 * Source: Linux man-pages mmap(2), MAP_ANONYMOUS: "its contents are initialized to zero"
 * Source: NetBSD mmap(2), MAP_ANON: the mapped memory is zero filled
 * Tags: mmap anonymous
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"

#define NPAGES 8

int main(void)
{
	unsigned char *p;
	size_t pg, i, nonzero = 0;

	mc_begin();
	pg = mc_page_size();
	/* Dirty and free a range first, so the new mapping may reuse those frames. */
	p = SAFE_MMAP(NULL, NPAGES * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(p, 0xff, NPAGES * pg);
	SAFE(munmap(p, NPAGES * pg));

	p = MC_EXPECT_MAP(NULL, NPAGES * pg, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	/*
	 * Even pages are first touched by a store (of zero, so the claim is
	 * unchanged) that makes the kernel allocate a page; odd pages by a load.
	 */
	for (i = 0; i < NPAGES; i += 2)
		((volatile unsigned char *)p)[i * pg] = 0;
	for (i = 0; i < NPAGES * pg; i++)
		nonzero += p[i] != 0;

	mc_observe("nonzero_bytes", "%zu", nonzero);
	mc_check(nonzero == 0, "%zu of %zu bytes are not zero", nonzero, NPAGES * pg);
	SAFE(munmap(p, NPAGES * pg));
	return mc_finish();
}

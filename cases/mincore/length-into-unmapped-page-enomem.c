/*
 * Claim: mincore() of a mapped page with a length one byte longer than the page fails with ENOMEM when the next page is not mapped: the length is rounded up into that page.
 * Source: Linux man-pages mincore(2), ERRORS: "ENOMEM addr to addr + length contained unmapped memory."
 * Source: Linux man-pages mincore(2), DESCRIPTION: "length is effectively rounded up to the next multiple of the page size."
 * Covers: mincore(2) ENOMEM "contained unmapped memory"
 * Tags: mincore errno anonymous
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"

#ifndef __OpenBSD__
int main(void)
{
	unsigned char vec[3];
	size_t pg;
	char *p;

	mc_begin();
	pg = mc_page_size();
	p = SAFE_MMAP(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	p[0] = 1;
	SAFE(munmap(p + pg, pg));	/* mapped, hole */
	/* Control: the mapped page alone, a whole page long, is reported. */
	SAFE(mincore(p, pg, (void *)vec));

	MC_EXPECT_ERRNO(mincore(p, pg + 1, (void *)vec), ENOMEM);
	SAFE(munmap(p, pg));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("OpenBSD has no mincore()");
}
#endif

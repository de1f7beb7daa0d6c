/*
 * Claim: mincore() with a vec pointing to an unmapped page fails with EFAULT.
 * Source: Linux man-pages mincore(2), ERRORS: "EFAULT vec points to an invalid address."
 * Source: FreeBSD mincore(2), ERRORS: [EFAULT] "The vec argument points to an illegal address."
 * Covers: mincore(2) EFAULT
 * Tags: mincore errno anonymous
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"

#ifndef __OpenBSD__
int main(void)
{
	size_t pg;
	char *p;

	mc_begin();
	pg = mc_page_size();
	p = SAFE_MMAP(NULL, 3 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	p[0] = 1;	/* resident: there is something to report */
	/* vec in a hole between two mappings, where nothing else is placed */
	SAFE(munmap(p + pg, pg));

	MC_EXPECT_ERRNO(mincore(p, pg, (void *)(p + pg)), EFAULT);
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("OpenBSD has no mincore()");
}
#endif

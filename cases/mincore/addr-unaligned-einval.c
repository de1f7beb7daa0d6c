/*
 * Claim: mincore() with an addr that is not a multiple of the page size fails with EINVAL, even when the range is mapped.
 * Source: Linux man-pages mincore(2), ERRORS: "EINVAL addr is not a multiple of the page size."; DESCRIPTION: "The addr argument must be a multiple of the system page size."
 * Covers: mincore(2) EINVAL
 * Tags: mincore errno anonymous
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"

#ifndef __OpenBSD__
int main(void)
{
	unsigned char vec[2];
	size_t pg;
	char *p;

	mc_begin();
	pg = mc_page_size();
	p = SAFE_MMAP(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	p[0] = 1;

	MC_EXPECT_ERRNO(mincore(p + 1, pg, (void *)vec), EINVAL);
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("OpenBSD has no mincore()");
}
#endif

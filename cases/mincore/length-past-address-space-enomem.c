/*
 * Claim: mincore() with a length greater than the rest of the address space after addr (a "negative" length) fails with ENOMEM.
 * Source: Linux man-pages mincore(2), ERRORS: "ENOMEM length is greater than (TASK_SIZE - addr). (This could occur if a negative value is specified for length ...) In Linux 2.6.11 and earlier, the error EINVAL was returned"
 * Covers: mincore(2) ENOMEM "length is greater than"
 * Tags: mincore errno anonymous
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"

#ifndef __OpenBSD__
int main(void)
{
	unsigned char vec[1];
	size_t pg;
	char *p;

	mc_begin();
	pg = mc_page_size();
	p = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	p[0] = 1;

	/* -pg as a size_t: p + length wraps past the top of the address space */
	MC_EXPECT_ERRNO(mincore(p, (size_t)0 - pg, (void *)vec), ENOMEM);
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("OpenBSD has no mincore()");
}
#endif

/*
 * Claim: mremap() with a flags bit other than MREMAP_MAYMOVE, MREMAP_FIXED and MREMAP_DONTUNMAP fails with EINVAL.
 * Source: Linux man-pages mremap(2), ERRORS: EINVAL "a value other than MREMAP_MAYMOVE or MREMAP_FIXED or MREMAP_DONTUNMAP was specified in flags"
 * Covers: mremap(2) EINVAL
 * Tags: mremap errno anonymous private extension
 * Requires: linux
 */
#define _GNU_SOURCE	/* MREMAP_MAYMOVE */
#include "mmapcheck.h"

#if defined(__linux__) && defined(MREMAP_MAYMOVE)
/* A high bit no kernel has given a meaning to (the defined ones are 1, 2, 4). */
#define UNKNOWN_FLAG (1 << 30)

int main(void)
{
	size_t pg;
	char *p;

	mc_begin();
	pg = mc_page_size();
	p = SAFE_MMAP(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	/* Valid otherwise: the same call without the bit succeeds. */
	MC_EXPECT_MAP_ERRNO(mremap(p, 2 * pg, pg, MREMAP_MAYMOVE | UNKNOWN_FLAG), EINVAL);
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("mremap() is Linux-only; not available here");
}
#endif

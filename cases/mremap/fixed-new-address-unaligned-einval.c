/*
 * Claim: mremap() with MREMAP_FIXED and a new_address that is not page aligned fails with EINVAL.
 * Source: Linux man-pages mremap(2), ERRORS: EINVAL "new_size or new_address was invalid"
 * Source: Linux man-pages mremap(2), MREMAP_FIXED: the fifth argument "specifies a page-aligned address to which the mapping must be moved"
 * Covers: mremap(2) EINVAL
 * Tags: mremap errno anonymous private extension
 * Requires: linux
 */
#define _GNU_SOURCE	/* MREMAP_FIXED */
#include "mmapcheck.h"

#if defined(__linux__) && defined(MREMAP_FIXED)
int main(void)
{
	size_t pg;
	char *p, *q;

	mc_begin();
	pg = mc_page_size();
	p = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	/* A target that is ours to replace, two pages so that q + 1 .. q + 1 + pg is inside it. */
	q = SAFE_MMAP(NULL, 2 * pg, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	MC_EXPECT_MAP_ERRNO(mremap(p, pg, pg, MREMAP_MAYMOVE | MREMAP_FIXED, q + 1), EINVAL);
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("mremap() is Linux-only; not available here");
}
#endif

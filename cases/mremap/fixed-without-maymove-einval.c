/*
 * Claim: mremap() with MREMAP_FIXED but without MREMAP_MAYMOVE fails with EINVAL.
 * Source: Linux man-pages mremap(2), ERRORS: EINVAL "MREMAP_FIXED or MREMAP_DONTUNMAP was specified without also specifying MREMAP_MAYMOVE"
 * Source: Linux man-pages mremap(2), MREMAP_FIXED: "If MREMAP_FIXED is specified, then MREMAP_MAYMOVE must also be specified."
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
	q = SAFE_MMAP(NULL, pg, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	MC_EXPECT_MAP_ERRNO(mremap(p, pg, pg, MREMAP_FIXED, q), EINVAL);
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("mremap() is Linux-only; not available here");
}
#endif

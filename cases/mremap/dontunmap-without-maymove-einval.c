/*
 * Claim: mremap() with MREMAP_DONTUNMAP but without MREMAP_MAYMOVE fails with EINVAL.
 * Source: Linux man-pages mremap(2), ERRORS: EINVAL "MREMAP_FIXED or MREMAP_DONTUNMAP was specified without also specifying MREMAP_MAYMOVE"
 * Source: Linux man-pages mremap(2), MREMAP_DONTUNMAP: "This flag, which must be used in conjunction with MREMAP_MAYMOVE"
 * Covers: mremap(2) EINVAL
 * Tags: mremap errno anonymous private extension
 * Requires: linux
 */
#define _GNU_SOURCE	/* MREMAP_DONTUNMAP */
#include "mmapcheck.h"

#if defined(__linux__) && defined(MREMAP_DONTUNMAP)
int main(void)
{
	size_t pg;
	char *p;

	mc_begin();
	pg = mc_page_size();
	p = SAFE_MMAP(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	/* With MREMAP_DONTUNMAP Linux reads new_address as a hint: pass NULL, not garbage. */
	MC_EXPECT_MAP_ERRNO(mremap(p, 2 * pg, 2 * pg, MREMAP_DONTUNMAP, NULL), EINVAL);
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MREMAP_DONTUNMAP is not defined on this platform");
}
#endif

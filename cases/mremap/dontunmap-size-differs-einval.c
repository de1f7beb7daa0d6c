/*
 * Claim: mremap() with MREMAP_DONTUNMAP fails with EINVAL when new_size differs from old_size.
 * Source: Linux man-pages mremap(2), ERRORS: EINVAL "MREMAP_DONTUNMAP was specified and old_size was not equal to new_size"
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
	/* Private anonymous, as MREMAP_DONTUNMAP requires: only the sizes are wrong. */
	p = SAFE_MMAP(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	/* With MREMAP_DONTUNMAP Linux reads new_address as a hint: pass NULL, not garbage. */
	MC_EXPECT_MAP_ERRNO(mremap(p, 2 * pg, 4 * pg, MREMAP_MAYMOVE | MREMAP_DONTUNMAP, NULL), EINVAL);
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MREMAP_DONTUNMAP is not defined on this platform");
}
#endif

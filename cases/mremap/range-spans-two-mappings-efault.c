/*
 * Claim: mremap() fails with EFAULT when the old range is fully mapped but by two mappings of different protections.
 * Source: Linux man-pages mremap(2), ERRORS: EFAULT "You can also get EFAULT even if there exist mappings that cover the whole address space requested, but those mappings are of different types."
 * Covers: mremap(2) EFAULT
 * Tags: mremap errno anonymous private extension
 * Requires: linux
 */
#define _GNU_SOURCE	/* MREMAP_MAYMOVE */
#include "mmapcheck.h"

#if defined(__linux__) && defined(MREMAP_MAYMOVE)
int main(void)
{
	size_t pg;
	char *p;

	mc_begin();
	pg = mc_page_size();
	/* One mapping split into two of different types: read-write, then read-only. */
	p = SAFE_MMAP(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	SAFE(mprotect(p + pg, pg, PROT_READ));

	MC_EXPECT_MAP_ERRNO(mremap(p, 2 * pg, 4 * pg, MREMAP_MAYMOVE), EFAULT);
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("mremap() is Linux-only; not available here");
}
#endif

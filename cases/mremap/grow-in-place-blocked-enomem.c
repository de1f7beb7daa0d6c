/*
 * Claim: mremap() without MREMAP_MAYMOVE fails with ENOMEM when a mapping right after the old one blocks growth in place.
 * Source: Linux man-pages mremap(2), ERRORS: ENOMEM "The memory area cannot be expanded at the current virtual address, and the MREMAP_MAYMOVE flag is not set in flags."
 * Source: Linux man-pages mremap(2), MREMAP_MAYMOVE: "By default, if there is not sufficient space to expand a mapping at its current location, then mremap() fails."
 * Covers: mremap(2) ENOMEM
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
	/* Two pages; the second made PROT_NONE: a separate mapping right after the first. */
	p = SAFE_MMAP(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	SAFE(mprotect(p + pg, pg, PROT_NONE));

	MC_EXPECT_MAP_ERRNO(mremap(p, pg, 2 * pg, 0), ENOMEM);
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("mremap() is Linux-only; not available here");
}
#endif

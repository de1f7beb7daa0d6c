/*
 * Claim: mremap() with an old_address that is not page aligned fails with EINVAL.
 * Source: Linux man-pages mremap(2), ERRORS: EINVAL "old_address was not page aligned"
 * Source: Linux man-pages mremap(2), DESCRIPTION: "Note that old_address has to be page aligned."
 * Covers: mremap(2) EINVAL
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
	p = SAFE_MMAP(NULL, 4 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	/* Inside a mapped range, so only the alignment is wrong. */
	MC_EXPECT_MAP_ERRNO(mremap(p + 1, pg, 2 * pg, MREMAP_MAYMOVE), EINVAL);
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("mremap() is Linux-only; not available here");
}
#endif

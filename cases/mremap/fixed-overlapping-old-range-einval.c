/*
 * Claim: mremap() with MREMAP_FIXED fails with EINVAL when the new range overlaps the old one.
 * Source: Linux man-pages mremap(2), ERRORS: EINVAL "the new address range specified by new_address and new_size overlapped the old address range specified by old_address and old_size"
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
	char *p;

	mc_begin();
	pg = mc_page_size();
	/* Four pages; move the first two to start at the second page: one page in common. */
	p = SAFE_MMAP(NULL, 4 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	MC_EXPECT_MAP_ERRNO(mremap(p, 2 * pg, 2 * pg, MREMAP_MAYMOVE | MREMAP_FIXED, p + pg), EINVAL);
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("mremap() is Linux-only; not available here");
}
#endif

/*
 * Claim: mremap() with a new_size of 0 fails with EINVAL.
 * Source: Linux man-pages mremap(2), ERRORS: EINVAL "new_size was zero"
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
	p = SAFE_MMAP(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	MC_EXPECT_MAP_ERRNO(mremap(p, 2 * pg, 0, MREMAP_MAYMOVE), EINVAL);
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("mremap() is Linux-only; not available here");
}
#endif

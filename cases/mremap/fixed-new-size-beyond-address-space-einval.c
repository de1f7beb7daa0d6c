/*
 * Claim: mremap() with MREMAP_FIXED and a new_size larger than the whole user address space fails with EINVAL.
 * Source: Linux man-pages mremap(2), ERRORS: EINVAL "new_size or new_address was invalid"
 * Covers: mremap(2) EINVAL
 * Tags: mremap errno anonymous private extension
 * Requires: linux
 */
#define _GNU_SOURCE	/* MREMAP_FIXED */
#include "mmapcheck.h"

#if defined(__linux__) && defined(MREMAP_FIXED)
int main(void)
{
	size_t pg, huge;
	char *p, *t;

	mc_begin();
	pg = mc_page_size();
	/* Half the 64-bit (or all of the 32-bit) range, page aligned: no address space is that large. */
	huge = (SIZE_MAX / 2) & ~(pg - 1);
	p = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	t = SAFE_MMAP(NULL, pg, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	/* A valid, aligned new_address: only the size is wrong. */
	MC_EXPECT_MAP_ERRNO(mremap(p, pg, huge, MREMAP_MAYMOVE | MREMAP_FIXED, t), EINVAL);
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("mremap() with MREMAP_FIXED is Linux-only; not available here");
}
#endif

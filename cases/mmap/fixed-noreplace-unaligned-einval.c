/*
 * Claim: mmap() with MAP_FIXED_NOREPLACE and an addr that is not page-aligned fails with EINVAL, even when the range is free.
 * Source: Linux man-pages mmap(2), MAP_FIXED_NOREPLACE: "similar to MAP_FIXED with respect to the addr enforcement"; MAP_FIXED: "addr must be suitably aligned"; ERRORS: "EINVAL We don't like addr, length, or offset (e.g., they are too large, or not aligned on a page boundary)"
 * Source: FreeBSD mmap(2), MAP_FIXED: "if MAP_EXCL is specified, the request will fail if a mapping already exists within the range" (its spelling)
 * Covers: mmap(2) EINVAL "not aligned on a page boundary"
 * Tags: mmap errno anonymous extension
 */
#define _DEFAULT_SOURCE	/* MAP_FIXED_NOREPLACE */
#include "mmapcheck.h"

#ifdef MAP_FIXED_NOREPLACE
int main(void)
{
	size_t pg;
	char *base;

	mc_begin();
	mc_observe("spelling", MC_NOREPLACE_SPELLING);
	pg = mc_page_size();
	base = SAFE_MMAP(NULL, 4 * pg, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	SAFE(munmap(base, 4 * pg));	/* free, so only the alignment can be refused */
	MC_EXPECT_MAP_ERRNO(mmap(base + pg + 16, pg, PROT_READ | PROT_WRITE,
				 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0), EINVAL);
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MAP_FIXED_NOREPLACE: not provided by this system (nor FreeBSD's MAP_EXCL)");
}
#endif

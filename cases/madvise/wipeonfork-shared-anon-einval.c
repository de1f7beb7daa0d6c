/*
 * Claim: madvise(MADV_WIPEONFORK) over a MAP_SHARED anonymous mapping fails with EINVAL.
 * Source: Linux man-pages madvise(2), ERRORS: "EINVAL advice is MADV_FREE or MADV_WIPEONFORK but the specified address range includes file, Huge TLB, MAP_SHARED, or VM_PFNMAP ranges."
 * Source: Linux man-pages madvise(2), MADV_WIPEONFORK: "This flag is supported only for private anonymous mappings."
 * Covers: madvise(2) EINVAL "MADV_FREE or MADV_WIPEONFORK"
 * Tags: madvise errno anonymous shared extension
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MADV_WIPEONFORK */
#include "mmapcheck.h"

#ifdef MADV_WIPEONFORK
int main(void)
{
	size_t len;
	char *p;

	mc_begin();
	len = 2 * mc_page_size();
	p = SAFE_MMAP(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	MC_EXPECT_ERRNO(madvise(p, len, MADV_WIPEONFORK), EINVAL);
	SAFE(munmap(p, len));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MADV_WIPEONFORK is not defined on this platform");
}
#endif

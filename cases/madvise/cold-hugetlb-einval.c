/*
 * Claim: madvise(MADV_COLD) over a private anonymous huge page mapping (MAP_HUGETLB) fails with EINVAL.
 * Source: Linux man-pages madvise(2), ERRORS: "EINVAL advice is MADV_COLD or MADV_PAGEOUT and the specified address range includes locked, Huge TLB pages, or VM_PFNMAP pages."
 * Covers: madvise(2) EINVAL "MADV_COLD or MADV_PAGEOUT"
 * Tags: madvise errno hugetlb anonymous private extension
 * Requires: linux
 * Not-mutated: it skips unless huge pages are reserved or the run allows system changes (make mutants does neither), so no mutant can turn it from pass to fail there
 */
#define _DEFAULT_SOURCE	/* MADV_COLD, MAP_HUGETLB */
#include "mmapcheck.h"

#if defined(MAP_HUGETLB) && defined(MADV_COLD)
int main(void)
{
	size_t hps;
	char *p;

	mc_begin();
	hps = mc_free_huge_page();
	p = SAFE_MMAP(NULL, hps, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB, -1, 0);
	p[0] = 'h';

	MC_EXPECT_ERRNO(madvise(p, hps, MADV_COLD), EINVAL);
	mc_observe("byte0_after", "0x%02x", (unsigned char)p[0]);
	SAFE(munmap(p, hps));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MAP_HUGETLB or MADV_COLD is not defined on this platform");
}
#endif

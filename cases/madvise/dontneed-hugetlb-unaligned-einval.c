/*
 * Claim: madvise(MADV_DONTNEED) at an address of a private anonymous huge page mapping (MAP_HUGETLB) that is page-aligned but not huge-page-aligned fails with EINVAL.
 * Source: Linux man-pages madvise(2), ERRORS: "EINVAL advice is MADV_DONTNEED or MADV_REMOVE and the specified address range includes locked, Huge TLB pages, or VM_PFNMAP pages."
 * Source: Linux man-pages madvise(2), MADV_DONTNEED: "Support for Huge TLB pages was added in Linux v5.18. Addresses within a mapping backed by Huge TLB pages must be aligned to the underlying Huge TLB page size"
 * Covers: madvise(2) EINVAL "MADV_DONTNEED or MADV_REMOVE"
 * Tags: madvise errno hugetlb anonymous private extension
 * Requires: linux
 * Not-mutated: it skips unless huge pages are reserved or the run allows system changes (make mutants does neither), so no mutant can turn it from pass to fail there
 */
#define _DEFAULT_SOURCE	/* MADV_DONTNEED, MAP_HUGETLB */
#include "mmapcheck.h"

#if defined(MAP_HUGETLB) && defined(MADV_DONTNEED)
int main(void)
{
	size_t hps;
	char *p;

	mc_begin();
	hps = mc_free_huge_page();
	p = SAFE_MMAP(NULL, hps, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB, -1, 0);
	p[0] = 'h';

	MC_EXPECT_ERRNO(madvise(p + mc_page_size(), hps - mc_page_size(), MADV_DONTNEED), EINVAL);
	mc_observe("byte0_after", "0x%02x", (unsigned char)p[0]);
	SAFE(munmap(p, hps));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MAP_HUGETLB or MADV_DONTNEED is not defined on this platform");
}
#endif

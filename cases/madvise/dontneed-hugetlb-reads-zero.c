/*
 * Claim: After madvise(MADV_DONTNEED) over a written private anonymous huge page mapping (MAP_HUGETLB), the whole huge page reads zero.
 * Source: Linux man-pages madvise(2), MADV_DONTNEED: "Support for Huge TLB pages was added in Linux v5.18"; later accesses give "zero-fill-on-demand pages for anonymous private mappings"
 * Source: Linux commit 90e7e7f5ef3f "mm: enable MADV_DONTNEED for hugetlb mappings" (Linux 5.18)
 * Tags: madvise hugetlb anonymous private extension
 * Requires: linux
 * Not-mutated: it skips unless huge pages are reserved or the run allows system changes (make mutants does neither), so no mutant can turn it from pass to fail there
 */
#define _DEFAULT_SOURCE	/* MADV_DONTNEED, MAP_HUGETLB */
#include "mmapcheck.h"

#if defined(MAP_HUGETLB) && defined(MADV_DONTNEED)
int main(void)
{
	size_t i, hps, nonzero = 0;
	char *p;

	mc_begin();
	hps = mc_free_huge_page();
	p = SAFE_MMAP(NULL, hps, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB, -1, 0);
	memset(p, 'h', hps);

	MC_EXPECT_ERRNO(madvise(p, hps, MADV_DONTNEED), 0);
	for (i = 0; i < hps; i++)
		nonzero += p[i] != 0;
	mc_observe("nonzero_bytes", "%zu", nonzero);
	mc_check(nonzero == 0, "%zu of %zu bytes nonzero after MADV_DONTNEED", nonzero, hps);
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

/*
 * Claim: When free huge pages are reserved in the pool, an anonymous mmap() with MAP_HUGETLB succeeds and returns an address aligned to the default huge page size.
 * Source: Linux man-pages mmap(2), MAP_HUGETLB: "Allocate the mapping using huge pages"; the default huge page size is the Hugepagesize field of /proc/meminfo
 * Source: Linux man-pages mmap(2), NOTES, Huge page (Huge TLB) mappings: munmap() addr and length must be multiples of the huge page size (so the mapping starts on one)
 * Tags: mmap hugetlb anonymous private extension
 * Requires: linux
 * Not-mutated: it skips unless huge pages are reserved or the run allows system changes (make mutants does neither), so no mutant can turn it from pass to fail there
 */
#define _DEFAULT_SOURCE	/* MAP_HUGETLB */
#include "mmapcheck.h"

#ifdef MAP_HUGETLB
int main(void)
{
	size_t hps;
	char *p;

	mc_begin();
	hps = mc_free_huge_page();
	p = MC_EXPECT_MAP(NULL, hps, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB, -1, 0);
	p[0] = 'h';	/* backed by the reservation made at mmap() time */
	mc_observe("hugepagesize_kb", "%zu", hps / 1024);
	mc_observe("offset_in_huge_page", "%zu", (size_t)((uintptr_t)p % hps));
	mc_check((uintptr_t)p % hps == 0, "address %p is not aligned to %zu bytes", (void *)p, hps);
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MAP_HUGETLB is not defined on this platform");
}
#endif

/*
 * Claim: When free huge pages are reserved in the pool, an anonymous mmap() with MAP_HUGETLB succeeds and returns an address aligned to the default huge page size.
 * Source: Linux man-pages mmap(2), MAP_HUGETLB: "Allocate the mapping using huge pages"; the default huge page size is the Hugepagesize field of /proc/meminfo
 * Source: Linux man-pages mmap(2), NOTES, Huge page (Huge TLB) mappings: munmap() addr and length must be multiples of the huge page size (so the mapping starts on one)
 * Tags: mmap hugetlb anonymous private extension
 * Requires: linux
 * Not-mutated: it skips unless huge pages are reserved or the run allows system changes (make mutants does neither), so no mutant can turn it from pass to fail there
 */
#include "mmapcheck.h"

#ifdef MAP_HUGETLB
int main(void)
{
	long long nr = -1, size_kb, avail, rsvd;
	size_t hps;
	char *p;
	FILE *f;

	mc_begin();
	if ((f = fopen("/proc/sys/vm/nr_hugepages", "r")) != NULL) {
		if (fscanf(f, "%lld", &nr) != 1)
			nr = -1;
		fclose(f);
	}
	size_kb = mc_proc_number("/proc/meminfo", "Hugepagesize");
	rsvd = mc_proc_number("/proc/meminfo", "HugePages_Rsvd");	/* promised to other mappings already */
	avail = mc_proc_number("/proc/meminfo", "HugePages_Free") - (rsvd > 0 ? rsvd : 0);
	if (nr < 0 || size_kb <= 0)
		mc_skip("huge page pool not readable in /proc (no hugetlb support?)");
	mc_observe("nr_hugepages", "%lld", nr);
	if (avail < 1) {	/* only a run that allows system changes reserves one */
		char more[32];

		snprintf(more, sizeof(more), "%lld", nr + 1);
		if (mc_change_setting("/proc/sys/vm/nr_hugepages", more) != 0)
			mc_skip("no free huge page reserved in the pool (nr_hugepages=%lld, available=%lld; "
				"runner.py run --allow-system-changes reserves one)", nr, avail);
		avail = mc_proc_number("/proc/meminfo", "HugePages_Free") -
			mc_proc_number("/proc/meminfo", "HugePages_Rsvd");
		if (avail < 1)
			mc_skip("the kernel could not reserve a huge page (nr_hugepages=%s)", more);
	}

	hps = (size_t)size_kb * 1024;
	p = MC_EXPECT_MAP(NULL, hps, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB, -1, 0);
	p[0] = 'h';	/* backed by the reservation made at mmap() time */
	mc_observe("hugepagesize_kb", "%lld", size_kb);
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

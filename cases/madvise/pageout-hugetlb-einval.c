/*
 * Claim: madvise(MADV_PAGEOUT) over a private anonymous huge page mapping (MAP_HUGETLB) fails with EINVAL.
 * Source: Linux man-pages madvise(2), ERRORS: "EINVAL advice is MADV_COLD or MADV_PAGEOUT and the specified address range includes locked, Huge TLB pages, or VM_PFNMAP pages."
 * Covers: madvise(2) EINVAL "MADV_COLD or MADV_PAGEOUT"
 * Tags: madvise errno hugetlb anonymous private extension
 * Requires: linux
 * Not-mutated: it skips unless huge pages are reserved or the run allows system changes (make mutants does neither), so no mutant can turn it from pass to fail there
 */
#include "mmapcheck.h"
#include <sys/file.h>

#if defined(MAP_HUGETLB) && defined(MADV_PAGEOUT)
/* The default huge page size if one is free in the pool (reserving one only by opt-in). */
static size_t free_huge_page(void)
{
	long long nr, size_kb = mc_proc_number("/proc/meminfo", "Hugepagesize");
	char more[32];
	int lock = open("/proc/sys/vm/nr_hugepages", O_RDONLY);

	/* Held until exit, past the restore: cases sharing the pool take turns. */
	if (lock >= 0)
		flock(lock, LOCK_EX);
	nr = mc_proc_number("/proc/meminfo", "HugePages_Total");
	if (nr < 0 || size_kb <= 0)
		mc_skip("no huge page pool in /proc/meminfo (no hugetlb support?)");
	if (mc_proc_number("/proc/meminfo", "HugePages_Free") - mc_proc_number("/proc/meminfo", "HugePages_Rsvd") < 1) {
		snprintf(more, sizeof(more), "%lld", nr + 1);
		if (mc_change_setting("/proc/sys/vm/nr_hugepages", more) != 0)
			mc_skip("no free huge page reserved in the pool (HugePages_Total=%lld; "
				"runner.py run --allow-system-changes reserves one)", nr);
		if (mc_proc_number("/proc/meminfo", "HugePages_Free") - mc_proc_number("/proc/meminfo", "HugePages_Rsvd") < 1)
			mc_skip("the kernel could not reserve a huge page (nr_hugepages=%s)", more);
	}
	return (size_t)size_kb * 1024;
}

int main(void)
{
	size_t hps;
	char *p;

	mc_begin();
	hps = free_huge_page();
	p = SAFE_MMAP(NULL, hps, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB, -1, 0);
	p[0] = 'h';

	MC_EXPECT_ERRNO(madvise(p, hps, MADV_PAGEOUT), EINVAL);
	mc_observe("byte0_after", "0x%02x", (unsigned char)p[0]);
	SAFE(munmap(p, hps));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MAP_HUGETLB or MADV_PAGEOUT is not defined on this platform");
}
#endif

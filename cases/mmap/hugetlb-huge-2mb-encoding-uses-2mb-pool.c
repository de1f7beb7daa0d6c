/*
 * Claim: When free 2 MiB huge pages are reserved, MAP_HUGETLB|MAP_HUGE_2MB (21 << MAP_HUGE_SHIFT) maps 2 MiB-aligned memory backed by 2 MiB pages.
 * Source: Linux man-pages mmap(2), MAP_HUGE_2MB: "Used in conjunction with MAP_HUGETLB to select alternative hugetlb page sizes"; "the desired huge page size can be configured by encoding the base-2 logarithm of the desired page size in the six bits at the offset MAP_HUGE_SHIFT"
 * Source: Linux Documentation/admin-guide/mm/hugetlbpage.rst: /sys/kernel/mm/hugepages/hugepages-<size>kB/ holds nr_hugepages and free_hugepages per size
 * Source: Linux man-pages proc_pid_smaps(5): KernelPageSize is "the page size used by the kernel to back the virtual memory area"
 * Tags: mmap hugetlb anonymous private procfs extension
 * Requires: linux
 * Not-mutated: it skips unless 2 MiB huge pages are reserved or the run allows system changes (make mutants does neither), so no mutant can turn it from pass to fail there
 */
#define _DEFAULT_SOURCE	/* MAP_HUGETLB, MAP_HUGE_SHIFT */
#include "mmapcheck.h"

#if defined(MAP_HUGETLB) && defined(MAP_HUGE_SHIFT)
#ifndef MAP_HUGE_2MB
#define MAP_HUGE_2MB (21 << MAP_HUGE_SHIFT)
#endif
#define POOL "/sys/kernel/mm/hugepages/hugepages-2048kB/"

static long long pool(const char *name)
{
	char path[128];

	snprintf(path, sizeof(path), POOL "%s", name);
	return mc_setting_number(path);
}

int main(void)
{
	const size_t hps = 2UL << 20;
	long long nr, kb;
	char *p, more[32];

	mc_begin();
	mc_lock_setting("/proc/sys/vm/nr_hugepages");	/* the default pool is this one on x86-64 */
	if ((nr = pool("nr_hugepages")) < 0)
		mc_skip("no 2 MiB huge page pool here (" POOL " missing)");
	if (pool("free_hugepages") - pool("resv_hugepages") < 1) {
		snprintf(more, sizeof(more), "%lld", nr + 1);
		if (mc_change_setting(POOL "nr_hugepages", more) != 0)
			mc_skip("no free 2 MiB huge page reserved (nr_hugepages=%lld; "
				"runner.py run --allow-system-changes reserves one)", nr);
		if (pool("free_hugepages") - pool("resv_hugepages") < 1)
			mc_skip("the kernel could not reserve a 2 MiB huge page");
	}
	p = MC_EXPECT_MAP(NULL, hps, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB | MAP_HUGE_2MB, -1, 0);
	p[0] = 'h';
	kb = mc_smaps_kb(p, "KernelPageSize");
	if (kb < 0)
		mc_skip("/proc/self/smaps does not show KernelPageSize for the mapping");
	mc_observe("offset_in_2mb", "%zu", (size_t)((uintptr_t)p % hps));
	mc_observe("kernel_page_kb", "%lld", kb);
	mc_check((uintptr_t)p % hps == 0, "address %p is not 2 MiB aligned", (void *)p);
	mc_check(kb == 2048, "the mapping is backed by %lld kB pages, not 2048 kB", kb);
	SAFE(munmap(p, hps));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MAP_HUGETLB or MAP_HUGE_SHIFT is not defined on this platform");
}
#endif

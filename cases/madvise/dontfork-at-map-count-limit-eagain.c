/*
 * Claim: madvise(MADV_DONTFORK) over the middle page of a mapping fails with EAGAIN when the process already has vm.max_map_count mappings, so the kernel cannot split the mapping.
 * Source: Linux man-pages madvise(2), ERRORS: "EAGAIN A kernel resource was temporarily unavailable."
 * Source: Linux mm/madvise.c, madvise_vma_behavior(): "madvise() returns EAGAIN if kernel resources, such as slab, are temporarily unavailable" (a failed split, -ENOMEM, becomes -EAGAIN); proc_sys_vm(5) max_map_count
 * Covers: madvise(2) EAGAIN
 * Tags: madvise errno anonymous private extension limits procfs
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MADV_DONTFORK */
#include "mmapcheck.h"

#if defined(__linux__) && defined(MADV_DONTFORK)
int main(void)
{
	long long max;
	size_t pg, i, n;
	char *p, *big;

	mc_begin();
	/* No per-process limit exists: the mappings are made up to the system's one. */
	if ((max = mc_setting_number("/proc/sys/vm/max_map_count")) < 0)
		mc_skip("/proc/sys/vm/max_map_count is not readable here");
	if (max > 100000)
		mc_skip("vm.max_map_count is %lld: reaching it would take too long", max);
	mc_observe("max_map_count", "%lld", max);
	pg = mc_page_size();
	p = SAFE_MMAP(NULL, 3 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	n = 2 * (size_t)max + 4;
	mc_require_limit_room(RLIMIT_AS, "RLIMIT_AS", "VmSize", n * pg);
	big = SAFE_MMAP(NULL, n * pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	/* Every other page PROT_NONE: one more mapping each, until the count is full. */
	for (i = 1; i < n && mprotect(big + i * pg, pg, PROT_NONE) == 0; i += 2)
		;
	if (i >= n || errno != ENOMEM)
		mc_broken("mprotect() never reached the map count limit (stopped at page %zu: %s)",
			  i, mc_errno_name(errno));

	MC_EXPECT_ERRNO(madvise(p + pg, pg, MADV_DONTFORK), EAGAIN);
	SAFE(munmap(big, n * pg));
	SAFE(munmap(p, 3 * pg));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MADV_DONTFORK and vm.max_map_count are Linux interfaces; not a Linux build");
}
#endif

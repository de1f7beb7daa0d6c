/*
 * Claim: When the process already has the maximum number of mappings, mlock() of a page inside a larger mapping, which would split it into three, fails with ENOMEM.
 * Source: Linux man-pages mlock(2), ERRORS: "ENOMEM (mlock(), mlock2(), and munlock()) Locking or unlocking a region would result in the total number of mappings with distinct attributes (e.g., locked versus unlocked) exceeding the allowed maximum."
 * Source: Linux Documentation/admin-guide/sysctl/vm.rst, max_map_count: "the maximum number of memory map areas a process may have"
 * Covers: mlock(2) ENOMEM "exceeding the allowed maximum"
 * Tags: mlock errno anonymous limits procfs
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"

#define MAX_FILL 300000	/* more mappings than this would take too long to make */

int main(void)
{
	long long max;
	size_t pg, i, npages;
	char *p;

	mc_begin();
	pg = mc_page_size();
	/* Linux: the limit is vm.max_map_count; other systems have no such per-process count. */
	if ((max = mc_setting_number("/proc/sys/vm/max_map_count")) < 0)
		mc_skip("no /proc/sys/vm/max_map_count: no per-process mapping limit to reach here");
	mc_require_lock_room(1);
	mc_observe("max_map_count", "%lld", max);
	if (max > MAX_FILL)
		mc_skip("vm.max_map_count is %lld: reaching it would take too long", max);
	/* A readable reserve (never written: no memory committed), every other page made PROT_NONE,
	 * so no two neighbours merge. */
	npages = (size_t)max + 16;
	p = SAFE_MMAP(NULL, npages * pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	for (i = 1; i + 4 < npages; i += 2)
		if (mprotect(p + i * pg, pg, PROT_NONE) != 0)
			break;
	if (i + 4 >= npages || errno != ENOMEM)
		mc_broken("filling the mapping count: mprotect() of page %zu: %s", i,
			  i + 4 >= npages ? "never failed" : mc_errno_name(errno));
	mc_observe("filled_to_page", "%zu", i);
	/* Page i+2 lies inside the last, still large, readable mapping: locking it needs two splits. */
	MC_EXPECT_ERRNO(mlock(p + (i + 2) * pg, pg), ENOMEM);
	/* Control: with six mappings fewer (pages 1 to 6, whole mappings), the same lock succeeds. */
	SAFE(munmap(p + pg, 6 * pg));
	if (mlock(p + (i + 2) * pg, pg) != 0)
		mc_broken("control: mlock() below the mapping limit failed too: %s", mc_errno_name(errno));
	return mc_finish();
}

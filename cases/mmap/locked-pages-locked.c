/*
 * Claim: mmap() with MAP_LOCKED locks the new mapping in memory as mlock(2) would, so the process's locked memory (VmLck) grows by the mapping's size.
 * Source: Linux man-pages mmap(2), MAP_LOCKED: "Mark the mapped region to be locked in the same way as mlock(2)"
 * Source: Linux man-pages proc(5), /proc/pid/status: VmLck "Locked memory size (see mlock(2))"
 * Tags: mmap mlock anonymous private extension
 * Requires: linux
 */
#include "mmapcheck.h"

#ifdef MAP_LOCKED
#include <sys/resource.h>
#define NPAGES 4

int main(void)
{
	long long before, after;
	long resident;
	struct rlimit rl;
	size_t len;
	char *p;

	mc_begin();
	len = NPAGES * mc_page_size();
	SAFE(getrlimit(RLIMIT_MEMLOCK, &rl));
	if (geteuid() != 0 && rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < len)
		mc_skip("RLIMIT_MEMLOCK (%llu bytes) is below %zu", (unsigned long long)rl.rlim_cur, len);
	before = mc_proc_number("/proc/self/status", "VmLck");
	p = MC_EXPECT_MAP(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_LOCKED, -1, 0);
	after = mc_proc_number("/proc/self/status", "VmLck");
	resident = SAFE(mc_resident_pages(p, len));

	mc_observe("resident", "%ld/%d", resident, NPAGES);
	if (before >= 0 && after >= 0) {
		mc_observe("vmlck_growth_kb", "%lld", after - before);
		mc_check(after - before >= (long long)(len / 1024), "VmLck grew by %lld kB for a %zu kB mapping",
			 after - before, len / 1024);
	} else	/* no VmLck: fall back on residency, which locking implies */
		mc_check(resident == NPAGES, "%ld of %d pages resident", resident, NPAGES);
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MAP_LOCKED is not defined on this platform");
}
#endif

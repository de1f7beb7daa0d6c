/*
 * Claim: mmap() with MAP_LOCKED locks the new mapping in memory as mlock(2) would, so the process's locked memory (VmLck) grows by the mapping's size.
 * Source: Linux man-pages mmap(2), MAP_LOCKED: "Mark the mapped region to be locked in the same way as mlock(2)"
 * Source: Linux man-pages proc(5), /proc/pid/status: VmLck "Locked memory size (see mlock(2))"
 * Tags: mmap mlock anonymous private extension privileges procfs
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MAP_LOCKED */
#include "mmapcheck.h"

#ifdef MAP_LOCKED
#include <sys/resource.h>
#define MAXPAGES 4

int main(void)
{
	long long before, after;
	long resident;
	struct rlimit rl;
	size_t pg, npages = MAXPAGES, len;
	char *p;

	mc_begin();
	pg = mc_page_size();
	before = mc_proc_number("/proc/self/status", "VmLck");
	SAFE(getrlimit(RLIMIT_MEMLOCK, &rl));
	if (!mc_lock_privileged() && rl.rlim_cur != RLIM_INFINITY) {
		size_t used = before > 0 ? (size_t)before * 1024 : 0;
		size_t room = rl.rlim_cur > used ? (size_t)rl.rlim_cur - used : 0;

		if (room / pg < npages)
			npages = room / pg;	/* e.g. 64 KiB pages under an old 64 KiB default */
		if (npages == 0)
			mc_skip("RLIMIT_MEMLOCK (%llu bytes) leaves less than one %zu-byte page to lock",
				(unsigned long long)rl.rlim_cur, pg);
	}
	if (before < 0)	/* no VmLck: residency, which locking implies, is the evidence */
		mc_require_residency_observable();
	len = npages * pg;
	p = MC_EXPECT_MAP(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_LOCKED, -1, 0);
	after = mc_proc_number("/proc/self/status", "VmLck");
	resident = SAFE(mc_resident_pages(p, len));

	mc_observe("resident", "%ld/%zu", resident, npages);
	if (before >= 0 && after >= 0) {
		mc_observe("vmlck_growth_kb", "%lld", after - before);
		mc_check(after - before == (long long)(len / 1024), "VmLck grew by %lld kB for a %zu kB mapping",
			 after - before, len / 1024);
	} else
		mc_check(resident == (long)npages, "%ld of %zu pages resident", resident, npages);
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MAP_LOCKED is not defined on this platform");
}
#endif

/*
 * Claim: mlock2() with MLOCK_ONFAULT counts the whole range as locked (VmLck) but does not fault in its untouched pages, and a page touched afterwards is resident.
 * Source: Linux man-pages mlock(2), MLOCK_ONFAULT: "Lock pages that are currently resident and mark the entire range so that the remaining nonresident pages are locked when they are populated by a page fault."
 * Source: Linux man-pages mlock(2), NOTES: VmLck "shows how many kilobytes of memory the process ... has locked using mlock(), mlock2(), mlockall()"
 * Tags: mlock mincore anonymous private extension privileges procfs
 * Requires: linux
 */
#define _GNU_SOURCE	/* MLOCK_ONFAULT */
#include "mmapcheck.h"

#ifdef MLOCK_ONFAULT

int main(void)
{
	long long before, after;
	long untouched, touched;
	size_t pg;
	char *p;

	mc_begin();
	pg = mc_page_size();
	before = mc_require_vmlck();
	mc_require_residency_observable();
	mc_require_lock_room(2);
	p = SAFE_MMAP(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	MC_EXPECT_ERRNO(mlock2(p, 2 * pg, MLOCK_ONFAULT), 0);
	after = mc_proc_number("/proc/self/status", "VmLck");
	untouched = SAFE(mc_resident_pages(p, 2 * pg));
	p[0] = 1;
	touched = SAFE(mc_resident_pages(p, pg));
	mc_observe("vmlck_growth_kb", "%lld", after - before);
	mc_observe("resident", "before_touch=%ld/2,touched=%ld/1", untouched, touched);
	mc_check(after - before == (long long)(2 * pg / 1024), "VmLck grew by %lld kB for a %zu kB range",
		 after - before, 2 * pg / 1024);
	mc_check(untouched == 0, "%ld of 2 untouched pages resident after mlock2(MLOCK_ONFAULT)", untouched);
	mc_check(touched == 1, "the page touched after mlock2(MLOCK_ONFAULT) is not resident");
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("mlock2() (MLOCK_ONFAULT) is not defined on this platform");
}
#endif

/*
 * Claim: mlock() of a mapped PROT_NONE page succeeds, since the page is mapped (and the lock is counted in VmLck).
 * Source: Linux man-pages mlock(2), ERRORS: ENOMEM only when "Some of the specified address range does not correspond to mapped pages" (or a limit is exceeded); no entry for inaccessible pages
 * Source: POSIX.1-2017 mlock(), ERRORS, [ENOMEM] "Some or all of the address range specified by the addr and len arguments does not correspond to valid mapped pages in the address space of the process."
 * Tags: mlock errno anonymous private privileges procfs
 * Not-mutated: Linux already fails it (mlock() of PROT_NONE returns ENOMEM, see expected/linux); no passing baseline here for a mutant to break
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"

int main(void)
{
	long long before, after;
	size_t pg;
	char *p;

	mc_begin();
	pg = mc_page_size();
	before = mc_proc_number("/proc/self/status", "VmLck");	/* Linux only; elsewhere errno alone */
	mc_require_lock_room(1);
	p = SAFE_MMAP(NULL, pg, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	MC_EXPECT_ERRNO(mlock(p, pg), 0);
	after = mc_proc_number("/proc/self/status", "VmLck");
	if (before >= 0 && after >= 0) {
		mc_observe("vmlck_growth_kb", "%lld", after - before);
		mc_check(after - before == (long long)(pg / 1024), "VmLck grew by %lld kB after locking a %zu kB PROT_NONE page",
			 after - before, pg / 1024);
	}
	return mc_finish();
}

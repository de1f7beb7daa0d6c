/*
 * Claim: After mlockall(MCL_FUTURE | MCL_ONFAULT), a new mapping is counted as locked (VmLck) but its pages are not faulted in when it is made.
 * Source: Linux man-pages mlock(2), MCL_ONFAULT: "When used with MCL_FUTURE, all future mappings will be marked to lock pages when they are faulted in, but they will not be populated by the lock when the mapping is created."
 * Tags: mlock mincore anonymous private extension privileges procfs
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS, mc_require_residency_observable */
#include "mmapcheck.h"

#ifdef MCL_ONFAULT
#include <sys/resource.h>

#define NPAGES 2

struct seen { int err; long resident; long long growth_kb; };

/* In a child, whose later mappings alone get locked: MCL_FUTURE | MCL_ONFAULT, then a new mapping. */
static int lock_future_onfault(void *arg)
{
	struct seen *s = arg;
	size_t len = NPAGES * mc_page_size();
	long long before;
	char *p;

	if ((s->err = mlockall(MCL_FUTURE | MCL_ONFAULT) == -1 ? errno : 0))
		return 0;
	before = mc_proc_number("/proc/self/status", "VmLck");
	p = SAFE_MMAP(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	s->growth_kb = mc_proc_number("/proc/self/status", "VmLck") - before;
	s->resident = mc_resident_pages(p, len);
	return 0;
}

int main(void)
{
	struct mc_status st;
	struct rlimit rl;
	struct seen *s;
	size_t pg;

	mc_begin();
	pg = mc_page_size();
	mc_require_vmlck();
	mc_require_residency_observable();
	SAFE(getrlimit(RLIMIT_MEMLOCK, &rl));
	/* The child starts with nothing locked: locks are not inherited. */
	if (!mc_lock_privileged() && rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < NPAGES * pg)
		mc_skip("RLIMIT_MEMLOCK (%llu bytes) leaves less than %d %zu-byte pages to lock",
			(unsigned long long)rl.rlim_cur, NPAGES, pg);
	s = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	st = mc_probe(lock_future_onfault, s);
	if (st.signo)
		mc_broken("child killed by %s", mc_signal_name(st.signo));
	mc_observe("errno", "%s", mc_errno_name(s->err));
	if (!mc_check(s->err == 0, "mlockall(MCL_FUTURE | MCL_ONFAULT) failed: %s", mc_errno_name(s->err)))
		return mc_finish();
	mc_observe("resident", "%ld/%d", s->resident, NPAGES);
	mc_observe("vmlck_growth_kb", "%lld", s->growth_kb);
	mc_check(s->growth_kb == (long long)(NPAGES * pg / 1024), "VmLck grew by %lld kB for a new %zu kB mapping",
		 s->growth_kb, NPAGES * pg / 1024);
	mc_check(s->resident == 0, "%ld of %d untouched pages of the new mapping resident", s->resident, NPAGES);
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MCL_ONFAULT is not defined on this platform");
}
#endif

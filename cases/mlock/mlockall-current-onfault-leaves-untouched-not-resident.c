/*
 * Claim: mlockall(MCL_CURRENT | MCL_ONFAULT) does not fault in pages that are not present: an untouched existing mapping stays non-resident, while it is counted as locked (VmLck).
 * Source: Linux man-pages mlock(2), MCL_ONFAULT: "When used with MCL_CURRENT, all present pages are locked, but mlockall() will not fault in non-present pages."
 * Tags: mlock mincore anonymous private extension privileges procfs
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* mc_require_residency_observable, MAP_ANONYMOUS */
#include "mmapcheck.h"

#ifdef MCL_ONFAULT
#include <sys/resource.h>

#define NPAGES 4

struct seen { int err; long resident; long long vmlck_kb; };
struct arg { struct seen *s; char *p; };

/* In a child, which alone gets locked: mlockall(MCL_CURRENT | MCL_ONFAULT), then the mapping's state. */
static int lock_all_onfault(void *arg)
{
	struct seen *s = ((struct arg *)arg)->s;

	s->err = mlockall(MCL_CURRENT | MCL_ONFAULT) == -1 ? errno : 0;
	s->resident = mc_resident_pages(((struct arg *)arg)->p, NPAGES * mc_page_size());
	s->vmlck_kb = mc_proc_number("/proc/self/status", "VmLck");
	return 0;
}

int main(void)
{
	long long size_kb;
	struct mc_status st;
	struct rlimit rl;
	struct seen *s;
	struct arg a;
	size_t pg;

	mc_begin();
	pg = mc_page_size();
	mc_require_vmlck();
	mc_require_residency_observable();
	a.s = s = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	a.p = SAFE_MMAP(NULL, NPAGES * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	size_kb = mc_proc_number("/proc/self/status", "VmSize");
	SAFE(getrlimit(RLIMIT_MEMLOCK, &rl));
	if (!mc_lock_privileged() && rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur / 1024 < (rlim_t)size_kb + 1024)
		mc_skip("RLIMIT_MEMLOCK (%llu bytes) is below this process's size (%lld kB): no room to lock it all",
			(unsigned long long)rl.rlim_cur, size_kb);
	st = mc_probe(lock_all_onfault, &a);
	if (st.signo)
		mc_broken("child killed by %s", mc_signal_name(st.signo));
	mc_observe("errno", "%s", mc_errno_name(s->err));
	mc_observe("resident", "%ld/%d", s->resident, NPAGES);
	/* The whole child's locked size depends on its libraries: only whether it covers the mapping. */
	mc_observe("vmlck_covers_mapping", "%s", s->vmlck_kb >= (long long)(NPAGES * pg / 1024) ? "yes" : "no");
	if (!mc_check(s->err == 0, "mlockall(MCL_CURRENT | MCL_ONFAULT) failed: %s", mc_errno_name(s->err)))
		return mc_finish();
	mc_check(s->resident == 0, "%ld of %d untouched pages resident after mlockall(MCL_CURRENT | MCL_ONFAULT)",
		 s->resident, NPAGES);
	mc_check(s->vmlck_kb >= (long long)(NPAGES * pg / 1024), "the child has only %lld kB locked", s->vmlck_kb);
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MCL_ONFAULT is not defined on this platform");
}
#endif

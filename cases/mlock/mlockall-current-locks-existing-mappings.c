/*
 * Claim: mlockall(MCL_CURRENT) locks the mappings that already exist: an untouched mapping made before the call becomes resident and counted as locked (VmLck).
 * Source: Linux man-pages mlock(2), MCL_CURRENT: "Lock all pages which are currently mapped into the address space of the process."; "All mapped pages are guaranteed to be resident in RAM when the call returns successfully"
 * Source: POSIX.1-2017 mlockall(), DESCRIPTION: with MCL_CURRENT, "all currently mapped pages of the process' address space shall be memory-resident and locked" on successful return
 * Tags: mlock mincore anonymous private privileges procfs
 */
#define _DEFAULT_SOURCE	/* mc_require_residency_observable, MAP_ANONYMOUS */
#include "mmapcheck.h"
#include <sys/resource.h>

#define NPAGES 4

struct seen { int err; long resident; long long vmlck_kb; };
struct arg { struct seen *s; char *p; };

/* In a child, which alone gets locked whole: mlockall(MCL_CURRENT), then what it sees of the mapping. */
static int lock_all(void *arg)
{
	struct seen *s = ((struct arg *)arg)->s;
	char *p = ((struct arg *)arg)->p;

	s->err = mlockall(MCL_CURRENT) == -1 ? errno : 0;
	s->resident = mc_resident_pages(p, NPAGES * mc_page_size());
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
	/* The child's results come back in a shared page; the mapping stays untouched. */
	a.s = s = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	a.p = SAFE_MMAP(NULL, NPAGES * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	size_kb = mc_proc_number("/proc/self/status", "VmSize");
	SAFE(getrlimit(RLIMIT_MEMLOCK, &rl));
	if (!mc_lock_privileged() && rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur / 1024 < (rlim_t)size_kb + 1024)
		mc_skip("RLIMIT_MEMLOCK (%llu bytes) is below this process's size (%lld kB): no room to lock it all",
			(unsigned long long)rl.rlim_cur, size_kb);
	st = mc_probe(lock_all, &a);
	if (st.signo)
		mc_broken("child killed by %s", mc_signal_name(st.signo));
	mc_observe("errno", "%s", mc_errno_name(s->err));
	mc_observe("resident", "%ld/%d", s->resident, NPAGES);
	/* The whole child's locked size depends on its libraries: only whether it covers the mapping. */
	mc_observe("vmlck_covers_mapping", "%s", s->vmlck_kb >= (long long)(NPAGES * pg / 1024) ? "yes" : "no");
	if (!mc_check(s->err == 0, "mlockall(MCL_CURRENT) failed: %s", mc_errno_name(s->err)))
		return mc_finish();
	mc_check(s->resident == NPAGES, "%ld of %d pages of an existing mapping resident after mlockall(MCL_CURRENT)",
		 s->resident, NPAGES);
	mc_check(s->vmlck_kb >= (long long)(NPAGES * pg / 1024), "the child has only %lld kB locked", s->vmlck_kb);
	return mc_finish();
}

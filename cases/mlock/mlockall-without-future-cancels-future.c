/*
 * Claim: A later mlockall() call without MCL_FUTURE ends an earlier MCL_FUTURE: a mapping made after mlockall(MCL_CURRENT) is not locked.
 * Source: Linux man-pages mlock(2), NOTES: "If a call to mlockall() which uses the MCL_FUTURE flag is followed by another call that does not specify this flag, the changes made by the MCL_FUTURE call will be lost."
 * Tags: mlock anonymous private privileges procfs
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"
#include <sys/resource.h>

struct seen { long long with_future_kb, after_kb; };

static long long map_page_growth(void)
{
	long long before = mc_proc_number("/proc/self/status", "VmLck");

	SAFE_MMAP(NULL, mc_page_size(), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	return mc_proc_number("/proc/self/status", "VmLck") - before;
}

/* In a child, which alone gets locked: MCL_FUTURE, a mapping, MCL_CURRENT alone, another mapping. */
static int future_then_current(void *arg)
{
	struct seen *s = arg;

	SAFE(mlockall(MCL_FUTURE));
	s->with_future_kb = map_page_growth();
	SAFE(mlockall(MCL_CURRENT));
	s->after_kb = map_page_growth();
	return 0;
}

int main(void)
{
	long long size_kb;
	struct mc_status st;
	struct rlimit rl;
	struct seen *s;
	size_t pg;

	mc_begin();
	pg = mc_page_size();
	mc_require_vmlck();
	s = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	size_kb = mc_proc_number("/proc/self/status", "VmSize");
	SAFE(getrlimit(RLIMIT_MEMLOCK, &rl));
	if (!mc_lock_privileged() && rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur / 1024 < (rlim_t)size_kb + 1024)
		mc_skip("RLIMIT_MEMLOCK (%llu bytes) is below this process's size (%lld kB): no room to lock it all",
			(unsigned long long)rl.rlim_cur, size_kb);
	st = mc_probe(future_then_current, s);
	if (st.signo)
		mc_broken("child killed by %s", mc_signal_name(st.signo));
	mc_observe("vmlck_growth_kb", "with_future=%lld,after_current=%lld", s->with_future_kb, s->after_kb);
	if (s->with_future_kb != (long long)(pg / 1024))
		mc_broken("control: a mapping after mlockall(MCL_FUTURE) grew VmLck by %lld kB", s->with_future_kb);
	mc_check(s->after_kb == 0, "a mapping made after mlockall(MCL_CURRENT) grew VmLck by %lld kB", s->after_kb);
	return mc_finish();
}

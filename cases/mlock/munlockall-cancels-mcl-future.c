/*
 * Claim: munlockall() also ends mlockall(MCL_FUTURE): a mapping made after munlockall() is not locked.
 * Source: POSIX.1-2017 munlockall(), DESCRIPTION: "Any pages that become mapped into the address space of the process after a call to munlockall() shall not be locked, unless there is an intervening call to mlockall() specifying MCL_FUTURE"
 * Source: Linux man-pages mlock(2), DESCRIPTION: "munlockall() unlocks all pages mapped into the address space of the calling process."
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

/* In a child, which alone gets the setting: MCL_FUTURE, a mapping, munlockall(), another mapping. */
static int future_then_unlock(void *arg)
{
	struct seen *s = arg;

	SAFE(mlockall(MCL_FUTURE));
	s->with_future_kb = map_page_growth();
	SAFE(munlockall());
	s->after_kb = map_page_growth();
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
	SAFE(getrlimit(RLIMIT_MEMLOCK, &rl));
	if (!mc_lock_privileged() && rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < 2 * pg)
		mc_skip("RLIMIT_MEMLOCK (%llu bytes) leaves less than two %zu-byte pages to lock",
			(unsigned long long)rl.rlim_cur, pg);
	s = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	st = mc_probe(future_then_unlock, s);
	if (st.signo)
		mc_broken("child killed by %s", mc_signal_name(st.signo));
	mc_observe("vmlck_growth_kb", "with_future=%lld,after_munlockall=%lld", s->with_future_kb, s->after_kb);
	if (s->with_future_kb != (long long)(pg / 1024))
		mc_broken("control: a mapping after mlockall(MCL_FUTURE) grew VmLck by %lld kB", s->with_future_kb);
	mc_check(s->after_kb == 0, "a mapping made after munlockall() grew VmLck by %lld kB", s->after_kb);
	return mc_finish();
}

/*
 * Claim: For an unprivileged process, mlockall(MCL_CURRENT) fails with ENOMEM when the process maps more memory than its nonzero RLIMIT_MEMLOCK allows.
 * Source: Linux man-pages mlock(2), ERRORS: "ENOMEM (Linux 2.6.9 and later) the caller had a nonzero RLIMIT_MEMLOCK soft resource limit, but tried to lock more memory than the limit permitted."
 * Source: POSIX.1-2017 mlockall(), ERRORS, [ENOMEM] "Locking all of the pages currently mapped into the address space of the process would exceed an implementation-defined limit on the amount of memory that the process may lock."
 * Covers: mlock(2) ENOMEM "nonzero RLIMIT_MEMLOCK soft resource limit"
 * Tags: mlock errno privileges limits
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"
#include <sys/resource.h>

/* In a child: a one-page limit, no privilege, then mlockall(MCL_CURRENT) of a whole process; returns errno. */
static int lock_all_over_limit(void *arg)
{
	struct rlimit rl;

	(void)arg;
	rl.rlim_cur = rl.rlim_max = mc_page_size();	/* nonzero: a zero limit gives EPERM instead */
	SAFE(setrlimit(RLIMIT_MEMLOCK, &rl));
	mc_drop_lock_privilege();
	return mlockall(MCL_CURRENT) == -1 ? errno : 0;
}

int main(void)
{
	struct rlimit rl;
	struct mc_status st;

	mc_begin();
	SAFE(getrlimit(RLIMIT_MEMLOCK, &rl));
	if (rl.rlim_max != RLIM_INFINITY && rl.rlim_max < mc_page_size())
		mc_skip("the hard RLIMIT_MEMLOCK (%llu bytes) is below the one-page limit this case sets",
			(unsigned long long)rl.rlim_max);
	/* A process maps far more than one page (its code, stack and this mapping). */
	SAFE_MMAP(NULL, 4 * mc_page_size(), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	st = mc_probe(lock_all_over_limit, NULL);
	if (st.signo)
		mc_broken("child killed by %s", mc_signal_name(st.signo));
	mc_observe("errno", "%s", mc_errno_name(st.value));
	mc_check(st.value == ENOMEM, "mlockall(MCL_CURRENT) under a 1-page RLIMIT_MEMLOCK: %s, expected ENOMEM",
		 st.value ? mc_errno_name(st.value) : "success");
	return mc_finish();
}

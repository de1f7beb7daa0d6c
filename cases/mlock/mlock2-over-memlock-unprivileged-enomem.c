/*
 * Claim: For an unprivileged process, mlock2() of more memory than its nonzero RLIMIT_MEMLOCK soft limit allows fails with ENOMEM.
 * Source: Linux man-pages mlock(2), ERRORS: "ENOMEM (Linux 2.6.9 and later) the caller had a nonzero RLIMIT_MEMLOCK soft resource limit, but tried to lock more memory than the limit permitted."
 * Covers: mlock(2) ENOMEM "nonzero RLIMIT_MEMLOCK soft resource limit"
 * Tags: mlock errno anonymous privileges limits extension
 * Requires: linux
 */
#define _GNU_SOURCE	/* MLOCK_ONFAULT */
#include "mmapcheck.h"
#include <sys/resource.h>

#ifdef MLOCK_ONFAULT

/* In a child: a one-page limit, no privilege, then mlock2() of two mapped pages; returns errno. */
static int over_limit_mlock(void *arg)
{
	size_t pg = mc_page_size();
	struct rlimit rl;

	rl.rlim_cur = rl.rlim_max = pg;	/* nonzero: a zero limit gives EPERM instead */
	SAFE(setrlimit(RLIMIT_MEMLOCK, &rl));
	mc_drop_lock_privilege();	/* CAP_IPC_LOCK would exempt the process from the limit */
	return mlock2(arg, 2 * pg, 0) == -1 ? errno : 0;
}

int main(void)
{
	struct rlimit rl;
	struct mc_status st;
	char *p;

	mc_begin();
	SAFE(getrlimit(RLIMIT_MEMLOCK, &rl));
	if (rl.rlim_max != RLIM_INFINITY && rl.rlim_max < mc_page_size())
		mc_skip("the hard RLIMIT_MEMLOCK (%llu bytes) is below the one-page limit this case sets",
			(unsigned long long)rl.rlim_max);
	p = SAFE_MMAP(NULL, 2 * mc_page_size(), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	st = mc_probe(over_limit_mlock, p);
	if (st.signo)
		mc_broken("child killed by %s", mc_signal_name(st.signo));
	mc_observe("errno", "%s", mc_errno_name(st.value));
	mc_check(st.value == ENOMEM, "mlock2() of 2 pages under a 1-page RLIMIT_MEMLOCK: %s, expected ENOMEM",
		 st.value ? mc_errno_name(st.value) : "success");
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("mlock2() (MLOCK_ONFAULT) is not defined on this platform");
}
#endif

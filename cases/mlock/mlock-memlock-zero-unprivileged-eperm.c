/*
 * Claim: For an unprivileged process whose RLIMIT_MEMLOCK is 0, mlock() of a mapped page fails with EPERM.
 * Source: Linux man-pages mlock(2), ERRORS: "EPERM The caller is not privileged, but needs privilege (CAP_IPC_LOCK) to perform the requested operation."; NOTES: since Linux 2.6.9, an unprivileged process may lock up to its RLIMIT_MEMLOCK soft limit
 * Source: POSIX.1-2017 mlock(), ERRORS, [EPERM] "The calling process does not have appropriate privileges to perform the requested operation."
 * Covers: mlock(2) EPERM "needs privilege (CAP_IPC_LOCK)"
 * Tags: mlock errno anonymous privileges limits
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"
#include <sys/resource.h>

/* In a child: no lockable memory at all, no privilege, then mlock() of one page; returns errno. */
static int zero_limit_mlock(void *arg)
{
	struct rlimit rl;

	rl.rlim_cur = rl.rlim_max = 0;
	SAFE(setrlimit(RLIMIT_MEMLOCK, &rl));
	mc_drop_lock_privilege();
	return mlock(arg, mc_page_size()) == -1 ? errno : 0;
}

int main(void)
{
	struct mc_status st;
	char *p;

	mc_begin();
	p = SAFE_MMAP(NULL, mc_page_size(), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	st = mc_probe(zero_limit_mlock, p);
	if (st.signo)
		mc_broken("child killed by %s", mc_signal_name(st.signo));
	mc_observe("errno", "%s", mc_errno_name(st.value));
	mc_check(st.value == EPERM, "mlock() of a page with RLIMIT_MEMLOCK 0 and no privilege: %s, expected EPERM",
		 st.value ? mc_errno_name(st.value) : "success");
	return mc_finish();
}

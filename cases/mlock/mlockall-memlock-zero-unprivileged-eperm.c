/*
 * Claim: For an unprivileged process whose RLIMIT_MEMLOCK is 0, mlockall(MCL_FUTURE) fails with EPERM.
 * Source: Linux man-pages mlock(2), ERRORS: "EPERM The caller is not privileged, but needs privilege (CAP_IPC_LOCK) to perform the requested operation."
 * Source: POSIX.1-2017 mlockall(), ERRORS, [EPERM] "The calling process does not have appropriate privileges to perform the requested operation."
 * Covers: mlock(2) EPERM "needs privilege (CAP_IPC_LOCK)"
 * Tags: mlock errno privileges limits
 */
#include "mmapcheck.h"
#include <sys/resource.h>

/* In a child: no lockable memory at all, no privilege, then mlockall(MCL_FUTURE); returns errno. */
static int zero_limit_mlockall(void *arg)
{
	struct rlimit rl;

	(void)arg;
	rl.rlim_cur = rl.rlim_max = 0;
	SAFE(setrlimit(RLIMIT_MEMLOCK, &rl));
	mc_drop_lock_privilege();
	/* MCL_FUTURE locks nothing yet: only the privilege can refuse it. */
	return mlockall(MCL_FUTURE) == -1 ? errno : 0;
}

int main(void)
{
	struct mc_status st;

	mc_begin();
	st = mc_probe(zero_limit_mlockall, NULL);
	if (st.signo)
		mc_broken("child killed by %s", mc_signal_name(st.signo));
	mc_observe("errno", "%s", mc_errno_name(st.value));
	mc_check(st.value == EPERM, "mlockall(MCL_FUTURE) with RLIMIT_MEMLOCK 0 and no privilege: %s, expected EPERM",
		 st.value ? mc_errno_name(st.value) : "success");
	return mc_finish();
}

/*
 * Claim: mlockall(MCL_ONFAULT) without MCL_CURRENT or MCL_FUTURE fails with EINVAL.
 * Source: Linux man-pages mlock(2), ERRORS: "EINVAL (mlockall()) Unknown flags were specified or MCL_ONFAULT was specified without either MCL_FUTURE or MCL_CURRENT."
 * Covers: mlock(2) EINVAL "MCL_ONFAULT was specified without either MCL_FUTURE or MCL_CURRENT"
 * Tags: mlock errno extension
 * Requires: linux
 */
#include "mmapcheck.h"

#ifdef MCL_ONFAULT
/* In a child, so that a kernel that accepted it changes only the child: returns errno. */
static int mlockall_onfault(void *arg)
{
	(void)arg;
	return mlockall(MCL_ONFAULT) == -1 ? errno : 0;
}

int main(void)
{
	struct mc_status st;

	mc_begin();
	st = mc_probe(mlockall_onfault, NULL);
	if (st.signo)
		mc_broken("child killed by %s", mc_signal_name(st.signo));
	mc_observe("errno", "%s", mc_errno_name(st.value));
	mc_check(st.value == EINVAL, "mlockall(MCL_ONFAULT): %s, expected EINVAL",
		 st.value ? mc_errno_name(st.value) : "success");
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MCL_ONFAULT is not defined on this platform");
}
#endif

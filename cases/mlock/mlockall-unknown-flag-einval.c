/*
 * Claim: mlockall() with a flag other than MCL_CURRENT, MCL_FUTURE and MCL_ONFAULT fails with EINVAL.
 * Source: Linux man-pages mlock(2), ERRORS: "EINVAL (mlockall()) Unknown flags were specified or MCL_ONFAULT was specified without either MCL_FUTURE or MCL_CURRENT."
 * Source: POSIX.1-2017 mlockall(), ERRORS, [EINVAL] "The flags argument is zero, or includes unimplemented flags."
 * Covers: mlock(2) EINVAL "(mlockall()) Unknown flags were specified"
 * Tags: mlock errno
 */
#include "mmapcheck.h"

/* In a child, so that a kernel that accepted it locks only the child: returns errno. */
static int mlockall_unknown(void *arg)
{
	(void)arg;
	/* A valid flag and an unknown bit: a kernel that drops unknown bits would succeed. */
	return mlockall(MCL_FUTURE | 0x40) == -1 ? errno : 0;
}

int main(void)
{
	struct mc_status st;

	mc_begin();
	st = mc_probe(mlockall_unknown, NULL);
	if (st.signo)
		mc_broken("child killed by %s", mc_signal_name(st.signo));
	mc_observe("errno", "%s", mc_errno_name(st.value));
	mc_check(st.value == EINVAL, "mlockall(MCL_FUTURE | 0x40): %s, expected EINVAL",
		 st.value ? mc_errno_name(st.value) : "success");
	return mc_finish();
}

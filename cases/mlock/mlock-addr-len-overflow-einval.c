/*
 * Claim: mlock() with a length such that addr+len wraps around the end of the address space fails with EINVAL (for an unprivileged process with a finite RLIMIT_MEMLOCK such a length is also over the limit, and ENOMEM is the other documented answer).
 * Source: Linux man-pages mlock(2), ERRORS: "EINVAL (mlock(), mlock2(), and munlock()) The result of the addition addr+len was less than addr"
 * Source: FreeBSD mlock(2), ERRORS: [EINVAL] "The address range given wraps around zero"
 * Source: Linux man-pages mlock(2), ERRORS: "ENOMEM (Linux 2.6.9 and later) the caller had a nonzero RLIMIT_MEMLOCK soft resource limit, but tried to lock more memory than the limit permitted."
 * Covers: mlock(2) EINVAL "was less than addr"
 * Tags: mlock errno anonymous privileges
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"
#include <sys/resource.h>

/* In a child: mlock() from the page at arg to two pages past the wrap; returns errno. */
static int wrapping_mlock(void *arg)
{
	struct rlimit rl;

	SAFE(getrlimit(RLIMIT_MEMLOCK, &rl));
	if (!mc_lock_privileged()) {	/* the most room the limit allows: infinite where it can be */
		rl.rlim_cur = rl.rlim_max;
		SAFE(setrlimit(RLIMIT_MEMLOCK, &rl));
	}
	return mlock(arg, (size_t)0 - (uintptr_t)arg + 2 * mc_page_size()) == -1 ? errno : 0;
}

int main(void)
{
	struct mc_status st;
	struct rlimit rl;
	int limited;
	char *p;

	mc_begin();
	SAFE(getrlimit(RLIMIT_MEMLOCK, &rl));
	/* Unprivileged under a finite limit, both errors apply; Linux checks the limit first. */
	limited = !mc_lock_privileged() && rl.rlim_max != RLIM_INFINITY;
	if (limited && rl.rlim_max == 0)
		mc_skip("unprivileged with RLIMIT_MEMLOCK 0: the privilege check (EPERM) comes first");
	mc_observe("over_finite_limit", "%s", limited ? "yes" : "no");
	p = SAFE_MMAP(NULL, mc_page_size(), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	st = mc_probe(wrapping_mlock, p);
	if (st.signo)
		mc_broken("child killed by %s", mc_signal_name(st.signo));
	mc_observe("errno", "%s", mc_errno_name(st.value));
	if (limited)
		mc_check(st.value == EINVAL || st.value == ENOMEM,
			 "mlock() of a range wrapping past the end, over a finite limit: %s, expected EINVAL or ENOMEM",
			 st.value ? mc_errno_name(st.value) : "success");
	else
		mc_check(st.value == EINVAL, "mlock() of a range wrapping past the end: %s, expected EINVAL",
			 st.value ? mc_errno_name(st.value) : "success");
	return mc_finish();
}

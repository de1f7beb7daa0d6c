/*
 * Claim: mlock() with a length such that addr+len wraps around the end of the address space fails with EINVAL.
 * Source: Linux man-pages mlock(2), ERRORS: "EINVAL (mlock(), mlock2(), and munlock()) The result of the addition addr+len was less than addr"
 * Source: FreeBSD mlock(2), ERRORS: [EINVAL] "The address range given wraps around zero"
 * Covers: mlock(2) EINVAL "addr+len was less than addr"
 * Tags: mlock errno anonymous privileges
 */
#include "mmapcheck.h"
#include <sys/resource.h>

/* In a child: mlock() from the page at arg to two pages past the wrap; returns errno. */
static int wrapping_mlock(void *arg)
{
	struct rlimit rl;

	if (!mc_lock_privileged()) {	/* the limit check must not decide: an infinite soft limit */
		SAFE(getrlimit(RLIMIT_MEMLOCK, &rl));
		rl.rlim_cur = rl.rlim_max;
		SAFE(setrlimit(RLIMIT_MEMLOCK, &rl));
	}
	return mlock(arg, (size_t)0 - (uintptr_t)arg + 2 * mc_page_size()) == -1 ? errno : 0;
}

int main(void)
{
	struct mc_status st;
	struct rlimit rl;
	char *p;

	mc_begin();
	SAFE(getrlimit(RLIMIT_MEMLOCK, &rl));
	/* Linux checks the lock limit first: any wrapping length is over a finite limit (ENOMEM). */
	if (!mc_lock_privileged() && rl.rlim_max != RLIM_INFINITY)
		mc_skip("unprivileged with a finite RLIMIT_MEMLOCK (hard %llu bytes): the limit check comes first",
			(unsigned long long)rl.rlim_max);
	p = SAFE_MMAP(NULL, mc_page_size(), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	st = mc_probe(wrapping_mlock, p);
	if (st.signo)
		mc_broken("child killed by %s", mc_signal_name(st.signo));
	mc_observe("errno", "%s", mc_errno_name(st.value));
	mc_check(st.value == EINVAL, "mlock() of a range wrapping past the end: %s, expected EINVAL",
		 st.value ? mc_errno_name(st.value) : "success");
	return mc_finish();
}

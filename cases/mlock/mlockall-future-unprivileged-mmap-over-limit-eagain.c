/*
 * Claim: After mlockall(MCL_FUTURE), an unprivileged process's mmap() of more memory than RLIMIT_MEMLOCK allows fails with EAGAIN.
 * Source: Linux man-pages mlock(2), DESCRIPTION: "If MCL_FUTURE has been specified, then a later system call (e.g., mmap(2), sbrk(2), malloc(3)), may fail if it would cause the number of locked bytes to exceed the permitted maximum"
 * Source: Linux man-pages mmap(2), ERRORS: EAGAIN "The file has been locked, or too much memory has been locked (see setrlimit(2))"
 * Covers: mmap(2) EAGAIN "too much memory has been locked"
 * Tags: mlock mmap errno anonymous private privileges limits
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"
#include <sys/resource.h>

/* In a child: a one-page limit, no privilege, MCL_FUTURE, then a four-page mmap(); returns errno. */
static int future_map(void *arg)
{
	size_t pg = mc_page_size();
	struct rlimit rl;

	(void)arg;
	rl.rlim_cur = rl.rlim_max = pg;	/* nonzero: mlockall() needs a nonzero limit */
	SAFE(setrlimit(RLIMIT_MEMLOCK, &rl));
	mc_drop_lock_privilege();
	SAFE(mlockall(MCL_FUTURE));
	return mmap(NULL, 4 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED ?
	       errno : 0;
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
	st = mc_probe(future_map, NULL);
	if (st.signo)
		mc_broken("child killed by %s", mc_signal_name(st.signo));
	mc_observe("errno", "%s", mc_errno_name(st.value));
	mc_check(st.value == EAGAIN, "mmap() of 4 pages after mlockall(MCL_FUTURE) under a 1-page limit: %s, expected EAGAIN",
		 st.value ? mc_errno_name(st.value) : "success");
	return mc_finish();
}

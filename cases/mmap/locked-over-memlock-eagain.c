/*
 * Claim: For an unprivileged process, mmap() with MAP_LOCKED of more memory than RLIMIT_MEMLOCK allows fails with EAGAIN.
 * Source: Linux man-pages mmap(2), ERRORS: EAGAIN "The file has been locked, or too much memory has been locked (see setrlimit(2))"
 * Source: Linux man-pages getrlimit(2), RLIMIT_MEMLOCK: the limit "affects mlock(2), mlockall(2), and the mmap(2) MAP_LOCKED operation" and governs unprivileged processes only
 * Covers: mmap(2) EAGAIN "too much memory has been locked"
 * Tags: mmap mlock errno anonymous private privileges extension limits
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MAP_LOCKED */
#include "mmapcheck.h"

#ifdef MAP_LOCKED
#include <sys/resource.h>

/* In a child: a one-page limit, no privilege, then a four-page MAP_LOCKED; returns errno. */
static int locked_map_errno(void *arg)
{
	size_t pg = *(size_t *)arg;
	struct rlimit rl;

	rl.rlim_cur = rl.rlim_max = pg;	/* not zero: a zero limit gives EPERM instead */
	SAFE(setrlimit(RLIMIT_MEMLOCK, &rl));
	mc_drop_lock_privilege();	/* CAP_IPC_LOCK would exempt the process from the limit */
	if (mmap(NULL, 4 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_LOCKED,
		 -1, 0) == MAP_FAILED)
		return errno;
	return 0;
}

int main(void)
{
	struct rlimit rl;
	struct mc_status st;
	size_t pg;

	mc_begin();
	pg = mc_page_size();
	SAFE(getrlimit(RLIMIT_MEMLOCK, &rl));
	if (rl.rlim_max != RLIM_INFINITY && rl.rlim_max < mc_page_size())
		mc_skip("the hard RLIMIT_MEMLOCK (%llu bytes) is below the one-page limit this case sets",
			(unsigned long long)rl.rlim_max);
	st = mc_probe(locked_map_errno, &pg);
	if (st.signo)
		mc_broken("child killed by %s", mc_signal_name(st.signo));

	mc_observe("errno", "%s", mc_errno_name(st.value));
	mc_check(st.value == EAGAIN, "MAP_LOCKED of 4 pages under a 1-page RLIMIT_MEMLOCK: %s, expected EAGAIN",
		 st.value ? mc_errno_name(st.value) : "success");
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MAP_LOCKED is not defined on this platform");
}
#endif

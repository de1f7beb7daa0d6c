/*
 * Claim: The mlockall(MCL_FUTURE) setting is not inherited by a fork() child: a mapping the child makes is not locked (its VmLck stays 0).
 * Source: Linux man-pages mlock(2), NOTES: "The mlockall() MCL_FUTURE and MCL_FUTURE | MCL_ONFAULT settings are not inherited by a child created via fork(2)"
 * Source: POSIX.1-2017 fork(), DESCRIPTION: "Any memory locks established by the parent process via calls to mlockall() or mlock() shall not be inherited by the child process."
 * Tags: mlock fork anonymous private privileges procfs
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"
#include <sys/resource.h>

/* In the grandchild: map a page, return its own VmLck in kB. */
static int map_and_count(void *arg)
{
	long long kb;

	(void)arg;
	SAFE_MMAP(NULL, mc_page_size(), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	kb = mc_proc_number("/proc/self/status", "VmLck");
	return kb < 0 ? -1 : kb > 1000000 ? 1000000 : (int)kb;
}

/* In a child, so the setting stays there: MCL_FUTURE, a control mapping, then a grandchild. */
static int future_then_fork(void *arg)
{
	int *seen = arg;	/* shared: [0] the child's own VmLck after a mapping, [1] the grandchild's */
	struct mc_status st;

	SAFE(mlockall(MCL_FUTURE));
	seen[0] = map_and_count(NULL);
	st = mc_probe(map_and_count, NULL);
	seen[1] = st.signo ? -2 : st.value;
	return 0;
}

int main(void)
{
	struct mc_status st;
	struct rlimit rl;
	int *seen;
	size_t pg;

	mc_begin();
	pg = mc_page_size();
	mc_require_vmlck();
	SAFE(getrlimit(RLIMIT_MEMLOCK, &rl));
	if (!mc_lock_privileged() && rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < 4 * pg)
		mc_skip("RLIMIT_MEMLOCK (%llu bytes) leaves less than four %zu-byte pages to lock",
			(unsigned long long)rl.rlim_cur, pg);
	seen = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	st = mc_probe(future_then_fork, seen);
	if (st.signo || seen[1] < 0)
		mc_broken("the child or grandchild did not report (%s, %d)", mc_signal_name(st.signo), seen[1]);
	mc_observe("vmlck_kb", "child=%d,grandchild=%d", seen[0], seen[1]);
	if (seen[0] < (int)(pg / 1024))
		mc_broken("control: a mapping made after mlockall(MCL_FUTURE) is not locked (VmLck %d kB)", seen[0]);
	mc_check(seen[1] == 0, "the fork child of a process with MCL_FUTURE has %d kB locked after a mapping", seen[1]);
	return mc_finish();
}

/*
 * Claim: munlockall() unlocks every locked range of the process: after locking two separate mappings, VmLck falls to 0.
 * Source: Linux man-pages mlock(2), DESCRIPTION: "munlockall() unlocks all pages mapped into the address space of the calling process."
 * Source: POSIX.1-2017 munlockall(), DESCRIPTION: "Upon successful return from the munlockall() function, all currently mapped pages of the process' address space shall be unlocked with respect to the process' address space."
 * Tags: mlock anonymous private privileges procfs
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"
#include <sys/resource.h>

struct seen { int err; long long locked_kb, after_kb; };

/* In a child, which starts with nothing locked: lock two mappings, then munlockall(). */
static int unlock_all(void *arg)
{
	struct seen *s = arg;
	size_t pg = mc_page_size();
	char *a = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *b = SAFE_MMAP(NULL, pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	SAFE(mlock(a, pg));
	SAFE(mlock(b, pg));
	s->locked_kb = mc_proc_number("/proc/self/status", "VmLck");
	s->err = munlockall() == -1 ? errno : 0;
	s->after_kb = mc_proc_number("/proc/self/status", "VmLck");
	return 0;
}

int main(void)
{
	struct mc_status st;
	struct rlimit rl;
	struct seen *s;
	size_t pg;

	mc_begin();
	pg = mc_page_size();
	mc_require_vmlck();
	SAFE(getrlimit(RLIMIT_MEMLOCK, &rl));
	if (!mc_lock_privileged() && rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < 2 * pg)
		mc_skip("RLIMIT_MEMLOCK (%llu bytes) leaves less than two %zu-byte pages to lock",
			(unsigned long long)rl.rlim_cur, pg);
	s = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	st = mc_probe(unlock_all, s);
	if (st.signo)
		mc_broken("child killed by %s", mc_signal_name(st.signo));
	if (s->locked_kb != (long long)(2 * pg / 1024))
		mc_broken("two one-page locks show as %lld kB in VmLck", s->locked_kb);
	mc_observe("errno", "%s", mc_errno_name(s->err));
	mc_observe("vmlck_kb", "%lld,%lld", s->locked_kb, s->after_kb);
	mc_check(s->err == 0, "munlockall() failed: %s", mc_errno_name(s->err));
	mc_check(s->after_kb == 0, "VmLck is %lld kB after munlockall()", s->after_kb);
	return mc_finish();
}

/*
 * Claim: Memory locks are not inherited by a child created with fork(): the child of a process holding a locked page has no locked memory (VmLck 0).
 * Source: Linux man-pages mlock(2), NOTES: "Memory locks are not inherited by a child created via fork(2)"
 * Source: POSIX.1-2017 fork(), DESCRIPTION: "Any memory locks established by the parent process via calls to mlockall() or mlock() shall not be inherited by the child process."
 * Tags: mlock fork anonymous private privileges procfs
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"

/* Linux only; elsewhere no per-process locked size is reported (the case skips). */
static long long vmlck(void)
{
	return mc_proc_number("/proc/self/status", "VmLck");
}

/* In the child: its own VmLck in kB (capped, it travels as an int). */
static int child_vmlck(void *arg)
{
	long long kb = vmlck();

	(void)arg;
	return kb < 0 ? -1 : kb > 1000000 ? 1000000 : (int)kb;
}

int main(void)
{
	long long before, parent;
	struct mc_status st;
	size_t pg;
	char *p;

	mc_begin();
	pg = mc_page_size();
	before = mc_require_vmlck();
	mc_require_lock_room(1);
	p = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	SAFE(mlock(p, pg));
	if ((parent = vmlck()) - before != (long long)(pg / 1024))
		mc_broken("mlock() of one page grew VmLck by %lld kB, not %zu", parent - before, pg / 1024);
	st = mc_probe(child_vmlck, NULL);
	if (st.signo || st.value < 0)
		mc_broken("the child could not read its VmLck (%s)", mc_signal_name(st.signo));
	mc_observe("vmlck_kb", "parent=%lld,child=%d", parent, st.value);
	mc_check(st.value == 0, "the fork child has %d kB locked; its parent had %lld kB", st.value, parent);
	return mc_finish();
}

/*
 * Claim: A guard page installed with MADV_GUARD_INSTALL is inherited by a fork() child as its own: after the parent removes its guard with MADV_GUARD_REMOVE, the page still faults with SIGSEGV in the child.
 * Source: Linux man-pages madvise(2) (6.13 and later), MADV_GUARD_INSTALL: "Lightweight guard regions remain on fork (except for any parts which have had MADV_WIPEONFORK applied to them)"
 * Tags: madvise anonymous private signal fork extension
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS, madvise */
#include "mmapcheck.h"

#ifdef __linux__
int main(void)
{
	struct mc_turns t;
	struct mc_status parent;
	size_t pg;
	char *p;
	int child;

	mc_begin();
	pg = mc_page_size();
	p = SAFE_MMAP(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(p, 0xa5, 2 * pg);
	if (madvise(p, pg, MADV_GUARD_INSTALL) != 0 && errno == EINVAL)
		mc_skip("MADV_GUARD_INSTALL is an invalid advice here (EINVAL): not provided (Linux added it in 6.13)");

	if (mc_turns_fork(&t) == 0) {
		struct mc_status st;

		mc_turns_recv(&t);	/* the parent has removed its guard */
		st = mc_probe_read(p);	/* a grandchild reads with the child's page tables */
		_exit(st.signo == SIGSEGV ? 0 : st.signo ? 2 : 1);
	}
	SAFE(madvise(p, pg, MADV_GUARD_REMOVE));
	parent = mc_probe_read(p);	/* control: the parent's removal acted */
	mc_turns_send(&t, 1);
	child = mc_wait(t.pid);
	mc_observe("parent_after_remove", "%s", parent.signo ? mc_signal_name(parent.signo) : "readable");
	mc_observe("child", "%s", child == 0 ? "SIGSEGV" : child == 1 ? "readable" : "other-signal");
	mc_check(parent.signo == 0, "the parent's page still faults (%s) after MADV_GUARD_REMOVE", mc_signal_name(parent.signo));
	mc_check(child == 0, "the child's copy of the guard page did not fault with SIGSEGV (%s)",
		 child == 1 ? "it was readable" : "another signal");
	SAFE(munmap(p, 2 * pg));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MADV_GUARD_INSTALL is a Linux interface; not a Linux build");
}
#endif

/*
 * Claim: mprotect() in a forked child changes only the child's protection: after the child makes a shared page read-only its own store faults, while a store by the parent still succeeds.
 * Source: Linux man-pages mprotect(2), DESCRIPTION: "mprotect() changes the access protections for the calling process's memory pages"
 * Source: POSIX.1-2017 mprotect(), DESCRIPTION: the change applies to "the address space of the process"
 * Tags: mprotect signal anonymous shared fork
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"

int main(void)
{
	struct mc_status child_store, parent_store;
	struct mc_turns t;
	size_t pg;
	char *p;

	mc_begin();
	pg = mc_page_size();
	p = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (mc_turns_fork(&t) == 0) {
		SAFE(mprotect(p, pg, PROT_READ));
		child_store = mc_probe_write(p);	/* a grandchild, with the child's protection */
		mc_turns_send(&t, (unsigned char)child_store.signo);
		mc_turns_recv(&t);			/* stay alive until the parent has stored */
		_exit(0);
	}
	child_store.signo = mc_turns_recv(&t);
	parent_store = mc_probe_write(p);		/* with the parent's protection */
	mc_turns_send(&t, 0);
	mc_wait(t.pid);

	mc_observe("child_store", "%s", mc_signal_name(child_store.signo));
	mc_observe("parent_store", "%s/0x%02x", mc_signal_name(parent_store.signo), (unsigned char)p[0]);
	mc_check(child_store.signo == SIGSEGV, "the child's store after its mprotect(PROT_READ): %s, expected SIGSEGV",
		 mc_signal_name(child_store.signo));
	mc_check(parent_store.signo == 0 && p[0] == 0x5a, "the parent's store: %s, page byte 0x%02x, expected none and 0x5a",
		 mc_signal_name(parent_store.signo), (unsigned char)p[0]);
	return mc_finish();
}

/*
 * Claim: After fork(), a MAP_SHARED|MAP_ANONYMOUS mapping is shared: a store by the child is seen by the parent, and a store by the parent is seen by the child.
 * Source: Linux man-pages mmap(2), MAP_SHARED: "Updates to the mapping are visible to other processes mapping the same region"; NOTES: mappings are "preserved across fork(2), with the same attributes"
 * Source: POSIX.1-2017 fork(), DESCRIPTION: memory mappings created in the parent are retained in the child (MAP_ANONYMOUS itself is not in POSIX.1-2017)
 * Tags: mmap anonymous shared fork coherence
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"

int main(void)
{
	unsigned char parent_saw, child_saw;
	struct mc_turns t;
	volatile char *p;
	size_t pg;

	mc_begin();
	pg = mc_page_size();
	p = SAFE_MMAP(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	p[0] = p[pg] = 'i';

	/* Page 0: only the child stores.  Page 1: only the parent stores. */
	if (mc_turns_fork(&t) == 0) {
		(void)p[pg];	/* the child has page 1 mapped before the parent's store */
		p[0] = 'c';
		mc_turns_send(&t, 's');
		mc_turns_recv(&t);
		mc_turns_send(&t, (unsigned char)p[pg]);
		_exit(0);
	}
	mc_turns_recv(&t);
	parent_saw = (unsigned char)p[0];
	p[pg] = 'p';
	mc_turns_send(&t, 'g');
	child_saw = mc_turns_recv(&t);
	mc_wait(t.pid);

	mc_observe("parent_saw", "0x%02x", parent_saw);
	mc_observe("child_saw", "0x%02x", child_saw);
	mc_check(parent_saw == 'c', "parent sees 0x%02x after the child's store of 'c'", parent_saw);
	mc_check(child_saw == 'p', "child sees 0x%02x after the parent's store of 'p'", child_saw);
	return mc_finish();
}

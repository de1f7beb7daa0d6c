/*
 * Claim: madvise(MADV_DONTNEED) by a fork child over a copy-on-write private anonymous page zero-fills the page for the child only: the parent still reads its data.
 * Source: Linux man-pages madvise(2), MADV_DONTNEED: subsequent accesses "will result in ... zero-fill-on-demand pages for anonymous private mappings"
 * Source: POSIX.1-2017 fork(), DESCRIPTION: modifications to MAP_PRIVATE mappings made by the child are visible only to the child
 * Tags: madvise anonymous private fork extension
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MADV_DONTNEED */
#include "mmapcheck.h"

#if defined(__linux__) && defined(MADV_DONTNEED)
int main(void)
{
	unsigned char child_saw, parent_saw;
	struct mc_turns t;
	volatile unsigned char *p;
	size_t pg;

	mc_begin();
	pg = mc_page_size();
	p = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	p[0] = 0xa5;	/* populated before fork: shared copy-on-write */

	if (mc_turns_fork(&t) == 0) {
		if (madvise((void *)p, pg, MADV_DONTNEED) != 0)
			_exit(MC_CHILD_BROKEN);
		mc_turns_send(&t, p[0]);
		_exit(0);
	}
	child_saw = mc_turns_recv(&t);
	parent_saw = p[0];
	mc_wait(t.pid);

	mc_observe("child_saw", "0x%02x", child_saw);
	mc_observe("parent_saw", "0x%02x", parent_saw);
	mc_check(child_saw == 0, "child reads 0x%02x after its MADV_DONTNEED, not zero", child_saw);
	mc_check(parent_saw == 0xa5, "parent reads 0x%02x after the child's MADV_DONTNEED, not 0xa5", parent_saw);
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MADV_DONTNEED zero-fill is Linux semantics; not a Linux build");
}
#endif

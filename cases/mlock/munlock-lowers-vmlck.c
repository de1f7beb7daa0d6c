/*
 * Claim: munlock() of a locked page unlocks it: the process's locked memory (VmLck) falls back by the page's size.
 * Source: Linux man-pages mlock(2), DESCRIPTION: "munlock() unlocks pages in the address range starting at addr and continuing for len bytes"; NOTES: VmLck in /proc/[pid]/status
 * Source: POSIX.1-2017 munlock(), DESCRIPTION: "Upon successful return from munlock(), pages in the specified range shall be unlocked with respect to the address space of the process."
 * Tags: mlock anonymous private privileges procfs
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"

int main(void)
{
	long long before, locked, after;
	size_t pg;
	char *p;

	mc_begin();
	pg = mc_page_size();
	before = mc_require_vmlck();
	mc_require_lock_room(1);
	p = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	SAFE(mlock(p, pg));
	locked = mc_require_vmlck();
	if (locked - before != (long long)(pg / 1024))
		mc_broken("mlock() of one page grew VmLck by %lld kB, not %zu", locked - before, pg / 1024);
	MC_EXPECT_ERRNO(munlock(p, pg), 0);
	after = mc_require_vmlck();
	mc_observe("vmlck_kb", "%lld,%lld,%lld", before, locked, after);
	mc_check(after == before, "VmLck is %lld kB after munlock(), %lld kB before mlock()", after, before);
	return mc_finish();
}

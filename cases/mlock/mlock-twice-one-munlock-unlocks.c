/*
 * Claim: Locks do not nest: after mlock() of the same page twice, a single munlock() unlocks it (VmLck falls back to where it was).
 * Source: Linux man-pages mlock(2), NOTES: "Memory locks do not stack, that is, pages which have been locked several times by calls to mlock(), mlock2(), or mlockall() will be unlocked by a single call to munlock()"
 * Source: POSIX.1-2017 munlock(), DESCRIPTION: unlocks the pages "regardless of how many times mlock() has been called by the process for any of the pages in the specified range"
 * Tags: mlock anonymous private privileges procfs
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"

int main(void)
{
	long long before, twice, after;
	size_t pg;
	char *p;

	mc_begin();
	pg = mc_page_size();
	before = mc_require_vmlck();
	mc_require_lock_room(1);
	p = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	SAFE(mlock(p, pg));
	/* The second lock of the same page succeeds and is not counted again (one page of limit suffices). */
	SAFE(mlock(p, pg));
	twice = mc_require_vmlck();
	SAFE(munlock(p, pg));
	after = mc_require_vmlck();
	mc_observe("vmlck_kb", "%lld,%lld,%lld", before, twice, after);
	if (twice - before != (long long)(pg / 1024))
		mc_broken("two mlock() of one page grew VmLck by %lld kB, not %zu", twice - before, pg / 1024);
	mc_check(after == before, "VmLck is %lld kB after one munlock() of a page locked twice, %lld kB before",
		 after, before);
	return mc_finish();
}

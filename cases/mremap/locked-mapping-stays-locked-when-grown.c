/*
 * Claim: A locked mapping that mremap() grows and moves stays locked over its whole new size: the process's locked memory grows by the added pages.
 * Source: Linux man-pages mremap(2), DESCRIPTION: "If the memory segment specified by old_address and old_size is locked (using mlock(2) or similar), then this lock is maintained when the segment is resized and/or relocated. As a consequence, the amount of memory locked by the process may change."
 * Source: Linux man-pages proc(5), /proc/pid/status: "VmLck Locked memory size (see mlock(2))."
 * Tags: mremap mlock anonymous private procfs extension
 * Requires: linux
 */
#define _GNU_SOURCE	/* MREMAP_MAYMOVE */
#include "mmapcheck.h"

#if defined(__linux__) && defined(MREMAP_MAYMOVE)

int main(void)
{
	long long before, after, added_kb;
	size_t pg;
	char *p, *q;

	mc_begin();
	pg = mc_page_size();
	/* Elsewhere the locked amount would come from the kernel's own accounting (none portable). */
	if ((before = mc_proc_number("/proc/self/status", "VmLck")) < 0)
		mc_skip("/proc/self/status has no VmLck line here");
	mc_require_lock_room(4);	/* one page locked, grown to four */
	/* One page, then a PROT_NONE page after it, so that the growth must move. */
	p = SAFE_MMAP(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	SAFE(mprotect(p + pg, pg, PROT_NONE));
	SAFE(mlock(p, pg));

	MC_EXPECT_MAP_ERRNO(q = mremap(p, pg, 4 * pg, MREMAP_MAYMOVE), 0);
	if (q == MAP_FAILED)
		return mc_finish();
	after = mc_proc_number("/proc/self/status", "VmLck");
	added_kb = after - before;
	mc_observe("moved", "%s", q == p ? "no" : "yes");
	mc_observe("locked_kb_added", "%lld", added_kb);
	mc_check(added_kb == (long long)(4 * pg / 1024), "VmLck grew by %lld kB, not the %zu kB of the 4 pages",
		 added_kb, 4 * pg / 1024);
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("mremap() is Linux-only; not available here");
}
#endif

/*
 * Claim: After madvise(MADV_DONTNEED_LOCKED) over a page locked with mlock(), the range is still locked: its area in /proc/self/smaps keeps the VmFlag "lo" and the page, written again, counts as Locked.
 * Source: Linux include/uapi/asm-generic/mman-common.h (5.18 and later): "#define MADV_DONTNEED_LOCKED 24", "like DONTNEED, but drop locked pages too": the pages are dropped, the lock is not undone (that is munlock(2))
 * Source: Linux commit 9457056ac426 "mm: madvise: MADV_DONTNEED_LOCKED" (Linux 5.18)
 * Source: Linux man-pages proc_pid_smaps(5): VmFlags "lo pages are locked in memory"; "Locked" the memory locked
 * Tags: madvise mlock anonymous private extension privileges procfs
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* mc_map_isolated, madvise, mc_unmap_isolated */
#include "mmapcheck.h"

#ifdef __linux__
int main(void)
{
	long long locked_kb;
	size_t pg;
	char *p;
	int lo;

	mc_begin();
	pg = mc_page_size();
	p = mc_map_isolated(pg);	/* smaps must count this page alone */
	memset(p, 0xa5, pg);
	if (mlock(p, pg) != 0)	/* one page: fits any RLIMIT_MEMLOCK but 0 */
		mc_skip("mlock() of one page failed (%s): RLIMIT_MEMLOCK forbids locking here", mc_errno_name(errno));
	if (madvise(p, pg, MADV_DONTNEED_LOCKED) != 0) {
		if (errno == EINVAL)
			mc_skip("MADV_DONTNEED_LOCKED is an invalid advice here (EINVAL): not provided (Linux added it in 5.18)");
		mc_broken("madvise(MADV_DONTNEED_LOCKED) failed: %s", mc_errno_name(errno));
	}
	if (p[0] != 0)	/* evidence the call acted: the data is gone */
		mc_broken("the page still reads 0x%02x after MADV_DONTNEED_LOCKED returned 0", (unsigned char)p[0]);

	p[0] = 0x5a;	/* a new page (a read maps the shared zero page, which no area counts) */
	lo = mc_smaps_has_flag(p, "lo");
	locked_kb = mc_smaps_kb(p, "Locked");
	if (lo < 0 || locked_kb < 0)
		mc_broken("no area containing %p in /proc/self/smaps (or no VmFlags or Locked line)", (void *)p);
	mc_observe("vmflags_lo", "%s", lo ? "yes" : "no");
	mc_observe("locked_kb", "%lld", locked_kb);
	mc_check(lo == 1, "the area lost the VmFlag \"lo\": MADV_DONTNEED_LOCKED unlocked it");
	mc_check(locked_kb * 1024 >= (long long)pg, "the page written again is not Locked (%lld kB)", locked_kb);
	mc_unmap_isolated(p, pg);
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MADV_DONTNEED_LOCKED is a Linux interface; not a Linux build");
}
#endif

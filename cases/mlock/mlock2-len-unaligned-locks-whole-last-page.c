/*
 * Claim: mlock2() of a length that ends one byte into a page locks that whole page and not the page after it: VmLck grows by two pages.
 * Source: Linux man-pages mlock(2), DESCRIPTION: "Memory locking and unlocking are performed in units of whole pages."; mlock2(): "If flags is 0, mlock2() behaves exactly the same as mlock()."; mlock(): "All pages that contain a part of the specified address range are guaranteed to be resident"
 * Tags: mlock anonymous private extension privileges procfs
 * Requires: linux
 */
#define _GNU_SOURCE	/* MLOCK_ONFAULT */
#include "mmapcheck.h"

#ifdef MLOCK_ONFAULT
int main(void)
{
	long long before, after;
	size_t pg;
	char *p;

	mc_begin();
	pg = mc_page_size();
	before = mc_require_vmlck();
	mc_require_lock_room(3);
	p = SAFE_MMAP(NULL, 3 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	MC_EXPECT_ERRNO(mlock2(p, pg + 1, 0), 0);
	after = mc_proc_number("/proc/self/status", "VmLck");
	mc_observe("vmlck_growth_kb", "%lld", after - before);
	mc_check(after - before == (long long)(2 * pg / 1024), "VmLck grew by %lld kB after locking %zu bytes, not %zu kB",
		 after - before, pg + 1, 2 * pg / 1024);
	SAFE(munmap(p, 3 * pg));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("mlock2(): not provided by this system (no MLOCK_ONFAULT)");
}
#endif

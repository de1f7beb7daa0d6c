/*
 * Claim: mlock() of a length that ends one byte into a page locks that whole page too: locking a page and one byte grows VmLck by two pages.
 * Source: Linux man-pages mlock(2), DESCRIPTION: "Memory locking and unlocking are performed in units of whole pages."; "All pages that contain a part of the specified address range are guaranteed to be resident"
 * Source: POSIX.1-2017 mlock(), DESCRIPTION: locks "those whole pages containing any part of the address space of the process starting at address addr and continuing for len bytes"
 * Tags: mlock anonymous private privileges procfs
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"

int main(void)
{
	long long before, after;
	size_t pg;
	char *p;

	mc_begin();
	pg = mc_page_size();
	/* Linux only; elsewhere no per-process locked size is reported. */
	before = mc_require_vmlck();
	mc_require_lock_room(2);
	p = SAFE_MMAP(NULL, 3 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	MC_EXPECT_ERRNO(mlock(p, pg + 1), 0);
	after = mc_proc_number("/proc/self/status", "VmLck");
	mc_observe("vmlck_growth_kb", "%lld", after - before);
	mc_check(after - before == (long long)(2 * pg / 1024), "VmLck grew by %lld kB after locking %zu bytes, not %zu kB",
		 after - before, pg + 1, 2 * pg / 1024);
	return mc_finish();
}

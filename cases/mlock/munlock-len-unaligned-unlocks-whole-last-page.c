/*
 * Claim: munlock() of a length that ends one byte into a page unlocks that whole page and not the page after it: VmLck falls by two pages of three locked.
 * Source: Linux man-pages mlock(2), DESCRIPTION: "Memory locking and unlocking are performed in units of whole pages."; "munlock() unlocks pages in the address range starting at addr and continuing for size bytes."
 * Source: POSIX.1-2017 munlock(), DESCRIPTION: unlocks "those whole pages containing any part of the address space of the process starting at address addr and continuing for len bytes"
 * Tags: mlock anonymous private privileges procfs
 */
#define _DEFAULT_SOURCE	/* MAP_LOCKED */
#include "mmapcheck.h"

#ifdef MAP_LOCKED
int main(void)
{
	long long before, locked, after;
	size_t pg;
	char *p;

	mc_begin();
	pg = mc_page_size();
	/* Linux only; elsewhere no per-process locked size is reported. */
	before = mc_require_vmlck();
	mc_require_lock_room(3);
	/* Locked by mmap(), not mlock(): the lock is not made by a relative of the call under test. */
	p = SAFE_MMAP(NULL, 3 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_LOCKED, -1, 0);
	locked = mc_proc_number("/proc/self/status", "VmLck");
	if (locked - before != (long long)(3 * pg / 1024))
		mc_broken("mmap(MAP_LOCKED) of three pages grew VmLck by %lld kB, not %zu", locked - before, 3 * pg / 1024);

	MC_EXPECT_ERRNO(munlock(p, pg + 1), 0);
	after = mc_proc_number("/proc/self/status", "VmLck");
	mc_observe("vmlck_drop_kb", "%lld", locked - after);
	mc_check(locked - after == (long long)(2 * pg / 1024), "VmLck fell by %lld kB after unlocking %zu bytes, not %zu kB",
		 locked - after, pg + 1, 2 * pg / 1024);
	SAFE(munmap(p, 3 * pg));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MAP_LOCKED: not provided by this system");
}
#endif

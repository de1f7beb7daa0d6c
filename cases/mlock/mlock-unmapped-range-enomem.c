/*
 * Claim: mlock() of a range whose middle page is not mapped fails with ENOMEM.
 * Source: Linux man-pages mlock(2), ERRORS: "ENOMEM (mlock(), mlock2(), and munlock()) Some of the specified address range does not correspond to mapped pages in the address space of the process."
 * Source: POSIX.1-2017 mlock(), ERRORS, [ENOMEM] "Some or all of the address range specified by the addr and len arguments does not correspond to valid mapped pages"
 * Covers: mlock(2) ENOMEM "does not correspond to mapped pages"
 * Tags: mlock errno anonymous
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"
#include <sys/resource.h>

int main(void)
{
	long long locked = mc_proc_number("/proc/self/status", "VmLck");
	struct rlimit rl;
	size_t pg;
	char *p;

	mc_begin();
	pg = mc_page_size();
	/* Linux checks RLIMIT_MEMLOCK first (EPERM at 0, ENOMEM when over): the range must fit. */
	SAFE(getrlimit(RLIMIT_MEMLOCK, &rl));
	if (!mc_lock_privileged() && rl.rlim_cur != RLIM_INFINITY &&
	    rl.rlim_cur < 3 * pg + (locked > 0 ? (unsigned long long)locked * 1024 : 0))
		mc_skip("RLIMIT_MEMLOCK (%llu bytes) leaves less than three %zu-byte pages to lock: "
			"the limit check would answer first",
			(unsigned long long)rl.rlim_cur, pg);
	/* Three pages, the middle one unmapped: the hole is inside the range, not at its end. */
	p = SAFE_MMAP(NULL, 3 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	SAFE(munmap(p + pg, pg));
	MC_EXPECT_ERRNO(mlock(p, 3 * pg), ENOMEM);
	return mc_finish();
}

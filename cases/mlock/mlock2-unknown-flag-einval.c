/*
 * Claim: mlock2() with a flag other than MLOCK_ONFAULT fails with EINVAL and locks nothing.
 * Source: Linux man-pages mlock(2), ERRORS: "EINVAL (mlock2()) Unknown flags were specified."
 * Covers: mlock(2) EINVAL "(mlock2()) Unknown flags were specified"
 * Tags: mlock errno anonymous extension procfs
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
	p = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	before = mc_proc_number("/proc/self/status", "VmLck");
	/* A valid flag and an unknown one: a kernel that drops unknown bits would lock. */
	MC_EXPECT_ERRNO(mlock2(p, pg, MLOCK_ONFAULT | 0x80u), EINVAL);
	after = mc_proc_number("/proc/self/status", "VmLck");
	if (before >= 0 && after >= 0) {
		mc_observe("vmlck_growth_kb", "%lld", after - before);
		mc_check(after == before, "VmLck grew by %lld kB after a failed mlock2()", after - before);
	}
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("mlock2() (MLOCK_ONFAULT) is not defined on this platform");
}
#endif

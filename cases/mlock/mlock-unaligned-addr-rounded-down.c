/*
 * Claim: On Linux, mlock() with an addr that is not a multiple of the page size succeeds and locks the whole page containing addr (elsewhere it may instead fail with EINVAL).
 * Source: Linux man-pages mlock(2), Linux notes: "Under Linux, mlock(), mlock2(), and munlock() automatically round addr down to the nearest page boundary."; ERRORS: "EINVAL (Not on Linux) addr was not a multiple of the page size."
 * Source: POSIX.1-2017 mlock(), ERRORS, [EINVAL] (may fail) "The addr argument is not a multiple of {PAGESIZE}."
 * Covers: mlock(2) EINVAL "(Not on Linux) addr was not a multiple of the page size"
 * Tags: mlock errno anonymous private privileges procfs unspecified
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"

int main(void)
{
	long long before, after;
	size_t pg;
	char *p;
	int e;

	mc_begin();
	pg = mc_page_size();
	before = mc_proc_number("/proc/self/status", "VmLck");	/* Linux only; elsewhere errno alone */
	mc_require_lock_room(1);
	p = SAFE_MMAP(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	/* Two bytes in the middle of the first page: exactly that page is to be locked. */
	e = mlock(p + pg / 2, 2) == -1 ? errno : 0;
	after = mc_proc_number("/proc/self/status", "VmLck");
	mc_observe("errno", "%s", mc_errno_name(e));
#ifdef __linux__
	mc_check(e == 0, "mlock() of an unaligned addr: %s, expected success on Linux", mc_errno_name(e));
#else
	mc_check(e == 0 || e == EINVAL, "mlock() of an unaligned addr: %s, expected success or EINVAL", mc_errno_name(e));
#endif
	if (e == 0 && before >= 0 && after >= 0) {
		mc_observe("vmlck_growth_kb", "%lld", after - before);
		mc_check(after - before == (long long)(pg / 1024), "VmLck grew by %lld kB, not by the one %zu kB page",
			 after - before, pg / 1024);
	}
	return mc_finish();
}

/*
 * Claim: mlock() on a mapped range within RLIMIT_MEMLOCK succeeds, after which every page of the range is resident and the process's locked memory (Linux VmLck) has grown by the range's size.
 * Source: Linux man-pages mlock(2), DESCRIPTION: all pages containing part of the range "are guaranteed to be resident in RAM when the call returns successfully"; NOTES: VmLck in /proc/[pid]/status shows how many kilobytes the process has locked
 * Source: POSIX.1-2017 mlock(), DESCRIPTION: the whole pages containing any part of the range are made memory-resident until unlocked
 * Source: FreeBSD mlock(2), DESCRIPTION: after mlock() the pages "will cause neither a non-resident page nor address-translation fault until they are unlocked"
 * Tags: mlock mincore anonymous private privileges procfs
 */
#define _DEFAULT_SOURCE	/* mc_require_residency_observable, MAP_ANONYMOUS */
#include "mmapcheck.h"
#include <sys/resource.h>

#define MAXPAGES 8

int main(void)
{
	long long before, after;
	long resident;
	int e;
	struct rlimit rl;
	size_t pg, npages = MAXPAGES, len;
	char *p;

	mc_begin();
	pg = mc_page_size();
	/* VmLck (Linux): the locked size; elsewhere residency through mincore() is the evidence. */
	before = mc_proc_number("/proc/self/status", "VmLck");
	SAFE(getrlimit(RLIMIT_MEMLOCK, &rl));
	if (!mc_lock_privileged() && rl.rlim_cur != RLIM_INFINITY) {
		size_t used = before > 0 ? (size_t)before * 1024 : 0;
		size_t room = rl.rlim_cur > used ? (size_t)rl.rlim_cur - used : 0;

		if (room / pg < npages)
			npages = room / pg;	/* e.g. 64 KiB pages under an old 64 KiB default */
		if (npages == 0)
			mc_skip("RLIMIT_MEMLOCK (%llu bytes) leaves less than one %zu-byte page to lock",
				(unsigned long long)rl.rlim_cur, pg);
	}
	if (before < 0)
		mc_require_residency_observable();
	len = npages * pg;
	/* Untouched until mlock(), so any residency comes from the lock. */
	p = SAFE_MMAP(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	e = mlock(p, len) == -1 ? errno : 0;
	if (e == EPERM && !mc_lock_privileged())	/* FreeBSD: security.bsd.unprivileged_mlock=0 */
		mc_skip("unprivileged mlock() is not allowed here (EPERM)");
	mc_observe("errno", "%s", mc_errno_name(e));
	if (!mc_check(e == 0, "mlock() of %zu bytes failed: %s", len, mc_errno_name(e)))
		return mc_finish();
	after = mc_proc_number("/proc/self/status", "VmLck");
	resident = mc_resident_pages(p, len);	/* -1 where there is no mincore() (OpenBSD) */
	if (resident >= 0) {
		mc_observe("resident", "%ld/%zu", resident, npages);
		mc_check(resident == (long)npages, "%ld of %zu locked pages resident", resident, npages);
	}
	if (before >= 0 && after >= 0) {
		mc_observe("vmlck_growth_kb", "%lld", after - before);
		mc_check(after - before == (long long)(len / 1024), "VmLck grew by %lld kB after locking %zu kB",
			 after - before, len / 1024);
	} else if (resident < 0)
		mc_skip("neither mincore() nor /proc/self/status VmLck can show the lock here");
	SAFE(munlock(p, len));
	return mc_finish();
}

/*
 * Claim: madvise(MADV_GUARD_REMOVE) over a guard page of a mapping locked afterwards with mlock2(MLOCK_ONFAULT) succeeds, and the page then reads zero.
 * Source: Linux man-pages madvise(2) (6.13 and later), MADV_GUARD_REMOVE: "supported on those mappings permitted by MADV_GUARD_INSTALL in addition to mlock()'d mappings"
 * Source: Linux man-pages mlock(2), MLOCK_ONFAULT: "Lock pages that are currently resident and mark the entire range so that the remaining nonresident pages are locked when they are populated by a page fault."
 * Tags: madvise mlock anonymous private signal extension privileges
 * Requires: linux
 */
#define _GNU_SOURCE	/* MLOCK_ONFAULT */
#include "mmapcheck.h"

#if defined(__linux__) && defined(MLOCK_ONFAULT)
int main(void)
{
	struct mc_status before, after;
	size_t pg;
	char *p;

	mc_begin();
	pg = mc_page_size();
	p = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(p, 0xa5, pg);
	if (madvise(p, pg, MADV_GUARD_INSTALL) != 0 && errno == EINVAL)
		mc_skip("MADV_GUARD_INSTALL is an invalid advice here (EINVAL): not provided (Linux added it in 6.13)");
	if (mlock2(p, pg, MLOCK_ONFAULT) != 0) {	/* faults nothing in: the guard stays */
		if (errno == EINVAL || errno == ENOSYS)
			mc_skip("mlock2(MLOCK_ONFAULT) is refused here (%s): the call or the flag is not provided (Linux added both in 4.4)",
				mc_errno_name(errno));
		mc_skip("mlock2(MLOCK_ONFAULT) of one page failed (%s): RLIMIT_MEMLOCK forbids locking here",
			mc_errno_name(errno));
	}
	before = mc_probe_read(p);	/* control: still guarded, and locked */
	if (mc_smaps_has_flag(p, "lo") == 0)
		mc_broken("smaps shows no \"lo\" VmFlag after mlock2() returned 0");

	MC_EXPECT_ERRNO(madvise(p, pg, MADV_GUARD_REMOVE), 0);
	after = mc_probe_read(p);
	mc_observe("before", "%s", before.signo ? mc_signal_name(before.signo) : "readable");
	mc_observe_status(after);
	mc_check(before.signo == SIGSEGV, "the page was no guard page after mlock2() (%s)", mc_signal_name(before.signo));
	mc_check(after.signo == 0 && after.value == 0, "after MADV_GUARD_REMOVE the page %s",
		 after.signo ? "still faults" : "does not read zero");
	SAFE(munmap(p, pg));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MADV_GUARD_REMOVE and mlock2(MLOCK_ONFAULT) are Linux interfaces; not provided here");
}
#endif

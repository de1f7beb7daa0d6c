/*
 * Claim: madvise(MADV_FREE) over a private anonymous range holding a guard page succeeds and leaves the guard page in place (SIGSEGV), while the other pages stay readable, with their data or zero.
 * Source: Linux man-pages madvise(2) (6.13 and later), MADV_GUARD_INSTALL: guard regions "are not removed by MADV_DONTNEED, MADV_FREE, MADV_PAGEOUT, or MADV_COLD."
 * Tags: madvise anonymous private signal extension
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MADV_FREE */
#include "mmapcheck.h"

#if defined(__linux__) && defined(MADV_FREE)
int main(void)
{
	struct mc_status guard, other;
	size_t pg;
	char *p;

	mc_begin();
	pg = mc_page_size();
	p = SAFE_MMAP(NULL, 3 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(p, 0xa5, 3 * pg);
	if (madvise(p + pg, pg, MADV_GUARD_INSTALL) != 0 && errno == EINVAL)
		mc_skip("MADV_GUARD_INSTALL is an invalid advice here (EINVAL): not provided (Linux added it in 6.13)");

	if (!MC_EXPECT_ERRNO(madvise(p, 3 * pg, MADV_FREE), 0))
		return mc_finish();
	/* MADV_FREE frees lazily: whether the pages read old data or zero is the kernel's choice. */
	other = mc_probe_read(p + 2 * pg);
	guard = mc_probe_read(p + pg);
	mc_observe_status(guard);
	mc_observe("other_page", "%s", other.signo ? mc_signal_name(other.signo) : "readable");
	mc_check(other.signo == 0 && (other.value == 0 || other.value == 0xa5), "a page next to the guard page faults or reads other data");
	mc_check(guard.signo == SIGSEGV, "the guard page gave %s after MADV_FREE, not SIGSEGV",
		 guard.signo ? mc_signal_name(guard.signo) : "no signal");
	SAFE(munmap(p, 3 * pg));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MADV_GUARD_INSTALL and MADV_FREE are Linux interfaces; not provided here");
}
#endif

/*
 * Claim: madvise(MADV_WIPEONFORK) on a sealed read-only private anonymous range fails with EPERM: a child forked afterwards reads the range's contents, not zeros.
 * Source: Linux Documentation/userspace-api/mseal.rst, "Blocked mm syscall for sealed mapping": "some destructive madvise behaviors: MADV_DONTNEED, MADV_FREE, MADV_DONTNEED_LOCKED, MADV_FREE, MADV_DONTFORK, MADV_WIPEONFORK" and "these operations are prohibited" when "applied to anonymous memory by threads lacking write permissions"; "Kernel will return -EPERM for blocked syscalls."
 * Covers: mseal(kernel) EPERM "MADV_WIPEONFORK"
 * Tags: mseal madvise errno fork anonymous private extension
 * Requires: linux
 * Claim-call: mseal
 */
#define _DEFAULT_SOURCE	/* MADV_WIPEONFORK */
#include "mmapcheck.h"

#if defined(__linux__) && defined(MADV_WIPEONFORK)
int main(void)
{
	size_t pg;
	char *p;
	struct mc_status st;

	mc_begin();
	pg = mc_page_size();
	p = mc_sealed_read_only_anonymous(2 * pg, 's');	/* holding data */

	MC_EXPECT_ERRNO(madvise(p, 2 * pg, MADV_WIPEONFORK), EPERM);
	st = mc_probe_read(p + pg);	/* a forked child reads */
	mc_observe_status(st);
	mc_observe("child_byte", "0x%02x", (unsigned)st.value);
	mc_check(!st.signo && st.value == 's', "the child read 0x%02x (signal %d), not the sealed range's 's'",
		 (unsigned)st.value, st.signo);
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MADV_WIPEONFORK: not provided by this system");
}
#endif

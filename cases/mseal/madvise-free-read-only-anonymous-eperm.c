/*
 * Claim: madvise(MADV_FREE) on a sealed read-only private anonymous range fails with EPERM and the range keeps its contents.
 * Source: Linux Documentation/userspace-api/mseal.rst, "Blocked mm syscall for sealed mapping": "some destructive madvise behaviors: MADV_DONTNEED, MADV_FREE, MADV_DONTNEED_LOCKED, MADV_FREE, MADV_DONTFORK, MADV_WIPEONFORK" and "these operations are prohibited" when "applied to anonymous memory by threads lacking write permissions"; "Kernel will return -EPERM for blocked syscalls."
 * Covers: mseal(kernel) EPERM "MADV_FREE"
 * Tags: mseal madvise errno anonymous private extension
 * Requires: linux
 * Claim-call: mseal
 */
#define _DEFAULT_SOURCE	/* MADV_FREE */
#include "mmapcheck.h"

#if defined(__linux__) && defined(MADV_FREE)
int main(void)
{
	size_t pg, i, wrong = 0;
	char *p;

	mc_begin();
	pg = mc_page_size();
	p = mc_sealed_read_only_anonymous(2 * pg, 's');	/* holding data */

	MC_EXPECT_ERRNO(madvise(p, 2 * pg, MADV_FREE), EPERM);
	for (i = 0; i < 2 * pg; i++)
		wrong += p[i] != 's';
	mc_observe("bytes_changed", "%zu", wrong);
	mc_check(wrong == 0, "%zu of %zu bytes of the sealed range changed (freed)", wrong, 2 * pg);
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MADV_FREE: not provided by this system");
}
#endif

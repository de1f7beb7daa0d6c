/*
 * Claim: madvise(MADV_DONTFORK) with a length one byte past a page boundary keeps the whole page holding that byte from a fork child, and not the page after it.
 * Source: Linux man-pages madvise(2), DESCRIPTION: "The value of size is rounded up to a multiple of page size."; MADV_DONTFORK: "Do not make the pages in this range available to the child after a fork(2)."
 * Tags: madvise anonymous private fork signal extension
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MADV_DONTFORK */
#include "mmapcheck.h"

#ifdef MADV_DONTFORK
int main(void)
{
	struct mc_status last, after;
	size_t pg;
	char *p;

	mc_begin();
	pg = mc_page_size();
	p = SAFE_MMAP(NULL, 3 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(p, 0xa5, 3 * pg);
	MC_EXPECT_ERRNO(madvise(p, pg + 1, MADV_DONTFORK), 0);

	last = mc_probe_read(p + 2 * pg - 1);	/* fork(), then read in the child: the end of the partly named page */
	after = mc_probe_read(p + 2 * pg);	/* ... and the first byte of the page after it */
	mc_observe_status(last);
	mc_observe("next_page", "%s/0x%02x", mc_signal_name(after.signo), after.value);
	mc_check(last.signo == SIGSEGV, "the child's read of the partly named page %s instead of SIGSEGV",
		 last.signo ? mc_signal_name(last.signo) : "succeeded");
	mc_check(after.signo == 0 && after.value == 0xa5, "the child's read of the page after the range gave %s/0x%02x",
		 mc_signal_name(after.signo), after.value);
	SAFE(munmap(p, 3 * pg));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MADV_DONTFORK is not defined on this platform");
}
#endif

/*
 * Claim: After madvise(MADV_DONTFORK) over a private anonymous range, the range is absent in a fork child: the child's read of it faults with SIGSEGV.
 * Source: Linux man-pages madvise(2), MADV_DONTFORK: "Do not make the pages in this range available to the child after a fork(2)."
 * Source: Linux man-pages mmap(2), SIGSEGV: "Attempted write into a region mapped as read-only" (and, generally, access to an address that is not mapped)
 * Tags: madvise anonymous private fork signal extension
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MADV_DONTFORK */
#include "mmapcheck.h"

#ifdef MADV_DONTFORK
int main(void)
{
	struct mc_status st;
	size_t pg;
	char *p;

	mc_begin();
	pg = mc_page_size();
	p = SAFE_MMAP(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(p, 0xa5, 2 * pg);
	MC_EXPECT_ERRNO(madvise(p, 2 * pg, MADV_DONTFORK), 0);

	st = mc_probe_read(p + pg);	/* fork(), then read in the child */
	mc_observe_status(st);
	mc_check(st.signo == SIGSEGV, "the child's read %s instead of SIGSEGV",
		 st.signo ? mc_signal_name(st.signo) : "succeeded");
	mc_check(p[pg] == (char)0xa5, "the parent's own range changed");
	SAFE(munmap(p, 2 * pg));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MADV_DONTFORK is not defined on this platform");
}
#endif

/*
 * Claim: Touching the page just below a MAP_GROWSDOWN mapping whose next lower (accessible) mapping ends one page below it raises SIGSEGV instead of growing the mapping into that gap.
 * Source: Linux man-pages mmap(2), MAP_GROWSDOWN: growth "can be repeated until the mapping grows to within a page of the high end of the next lower mapping, at which point touching the "guard" page will result in a SIGSEGV signal."
 * Source: Linux Documentation/admin-guide/kernel-parameters.txt, stack_guard_gap: the gap kept between a stack and the next lower mapping (default 256 pages, so a one-page gap is never filled)
 * Tags: mmap anonymous private signal extension
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MAP_GROWSDOWN */
#include "mmapcheck.h"

#ifdef MAP_GROWSDOWN
int main(void)
{
	char *base, *low, *g;
	struct mc_status st;
	size_t pg;

	mc_begin();
	pg = mc_page_size();
	/* [base]: readable neighbour, [base+pg]: one free page, [base+2pg, +4pg): the grows-down mapping. */
	base = SAFE_MMAP(NULL, 4 * pg, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	SAFE(munmap(base + pg, pg));
	low = SAFE_MMAP(base, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	low[pg - 1] = 'n';
	g = MC_EXPECT_MAP(base + 2 * pg, 2 * pg, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS | MAP_GROWSDOWN | MAP_FIXED, -1, 0);
	if (g != base + 2 * pg)
		mc_broken("MAP_FIXED placed the grows-down mapping at %p, not %p", (void *)g, (void *)(base + 2 * pg));

	st = mc_probe_write(g - 1);	/* the one free page between the two */
	mc_observe_status(st);
	mc_check(st.signo == SIGSEGV, "a store just below the grows-down mapping, one page above its neighbour: %s",
		 st.signo ? mc_signal_name(st.signo) : "no signal (the mapping grew into the gap)");
	mc_check(low[pg - 1] == 'n', "the lower neighbour changed");
	SAFE(munmap(base, 4 * pg));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MAP_GROWSDOWN is not defined on this platform");
}
#endif

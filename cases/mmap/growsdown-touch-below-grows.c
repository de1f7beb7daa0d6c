/*
 * Claim: Touching the page just below a MAP_GROWSDOWN mapping extends the mapping downward instead of raising a signal.
 * Source: Linux man-pages mmap(2), MAP_GROWSDOWN: "Touching an address in the "guard" page below the mapping will cause the mapping to grow by a page"
 * Tags: mmap anonymous private extension
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MAP_GROWSDOWN */
#include "mmapcheck.h"

#ifdef MAP_GROWSDOWN
static size_t pg;

/* In a child: store just below the mapping, then tell whether that page is mapped now. */
static int touch_below(void *start)
{
	unsigned char v;

	*((volatile char *)start - 1) = 'g';
	return mincore((char *)start - pg, pg, &v) == 0;
}

int main(void)
{
	struct mc_status st;
	size_t room, len;
	unsigned char v;
	char *base, *p;

	mc_begin();
	pg = mc_page_size();
	/*
	 * Growth stops stack_guard_gap (default 256 pages) short of the next
	 * accessible mapping below, so clear a hole far larger than that and
	 * put the mapping at its top.  MAP_FIXED only reuses our own hole.
	 */
	len = 4 * pg;
	room = 4096 * pg;
	base = SAFE_MMAP(NULL, room + len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	SAFE(munmap(base, room + len));
	p = MC_EXPECT_MAP(base + room, len, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS | MAP_GROWSDOWN | MAP_FIXED, -1, 0);
	if (p != base + room || mincore(p - pg, pg, &v) == 0)
		mc_broken("mapping not at the top of the hole, or the page below is already mapped");

	st = mc_probe(touch_below, p);
	mc_observe_status(st);
	if (st.signo == 0)
		mc_observe("page_below_mapped", "%d", st.value);
	mc_check(st.signo == 0 && st.value == 1, "store below the mapping: %s, page below mapped afterwards: %d",
		 mc_signal_name(st.signo), st.value);
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MAP_GROWSDOWN is not defined on this platform");
}
#endif

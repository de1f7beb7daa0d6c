/*
 * Claim: munmap() with a length that ends one byte into a page unmaps that whole page, and no page after it.
 * Source: Linux man-pages mmap(2), munmap(): "The address addr must be a multiple of the page size (but length need not be). All pages containing a part of the indicated range are unmapped"
 * Source: POSIX.1-2017 munmap(), DESCRIPTION: "The munmap() function shall remove any mappings for those entire pages containing any part of the address space of the process starting at addr and continuing for len bytes."
 * Tags: munmap anonymous signal
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"

int main(void)
{
	struct mc_status last, next;
	size_t pg;
	char *p;

	mc_begin();
	pg = mc_page_size();
	p = SAFE_MMAP(NULL, 3 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(p, 'x', 3 * pg);

	MC_EXPECT_ERRNO(munmap(p, pg + 1), 0);
	last = mc_probe_read(p + 2 * pg - 1);	/* the last byte of the partly named page */
	next = mc_probe_read(p + 2 * pg);	/* the first byte of the page after it */
	mc_observe_status(last);
	mc_observe("next_page", "%s/0x%02x", mc_signal_name(next.signo), next.value);
	mc_check(last.signo == SIGSEGV, "the page holding byte len-1 gave %s, not SIGSEGV: it stayed mapped",
		 mc_signal_name(last.signo));
	mc_check(next.signo == 0 && next.value == 'x', "the page after the range gave %s/0x%02x: it was unmapped too",
		 mc_signal_name(next.signo), next.value);
	SAFE(munmap(p + 2 * pg, pg));
	return mc_finish();
}

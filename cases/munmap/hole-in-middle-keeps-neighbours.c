/*
 * Claim: munmap() of one page in the middle of a mapping removes only that page: it raises SIGSEGV, and the pages on either side stay mapped with their contents.
 * Source: Linux man-pages mmap(2), munmap(): "All pages containing a part of the indicated range are unmapped"; ERRORS, ENOMEM: unmapping "in the middle of an existing mapping ... results in two smaller mappings on either side"
 * Source: POSIX.1-2017 munmap(), DESCRIPTION: removes the mappings for the entire pages containing any part of [addr, addr+len) and no others
 * Tags: munmap anonymous signal
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"

int main(void)
{
	struct mc_status lo, mid, hi;
	size_t pg;
	char *p;

	mc_begin();
	pg = mc_page_size();
	p = SAFE_MMAP(NULL, 3 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	p[0] = 'A';
	p[pg] = 'B';
	p[2 * pg] = 'C';

	MC_EXPECT_ERRNO(munmap(p + pg, pg), 0);
	lo = mc_probe_read(p);
	mid = mc_probe_read(p + pg);
	hi = mc_probe_read(p + 2 * pg);

	mc_observe_status(mid);
	mc_observe("below", "%s/0x%02x", mc_signal_name(lo.signo), lo.value);
	mc_observe("above", "%s/0x%02x", mc_signal_name(hi.signo), hi.value);
	mc_check(mid.signo == SIGSEGV, "the unmapped middle page gave %s, not SIGSEGV",
		 mc_signal_name(mid.signo));
	mc_check(lo.signo == 0 && lo.value == 'A', "page below: %s, byte 0x%02x (want 'A')",
		 mc_signal_name(lo.signo), lo.value);
	mc_check(hi.signo == 0 && hi.value == 'C', "page above: %s, byte 0x%02x (want 'C')",
		 mc_signal_name(hi.signo), hi.value);
	return mc_finish();
}

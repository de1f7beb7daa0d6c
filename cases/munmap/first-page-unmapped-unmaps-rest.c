/*
 * Claim: munmap() of a range whose first page is a hole succeeds and unmaps the mapped pages after the hole, and not the page after the range.
 * Source: Linux man-pages mmap(2), munmap(): "All pages containing a part of the indicated range are unmapped"; "It is not an error if the indicated range does not contain any mapped pages."
 * Source: POSIX.1-2017 munmap(), DESCRIPTION: "The munmap() function shall remove any mappings for those entire pages containing any part of the address space of the process starting at addr and continuing for len bytes."
 * Tags: munmap anonymous signal
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"

int main(void)
{
	struct mc_status inside, after;
	size_t pg;
	char *p;

	mc_begin();
	pg = mc_page_size();
	/* Four pages: a hole, two mapped pages in the range, and the page after it. */
	p = SAFE_MMAP(NULL, 4 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(p, 'x', 4 * pg);
	SAFE(munmap(p, pg));

	/* OpenBSD's kernel refuses a range with unmapped pages: the errno line records it. */
	MC_EXPECT_ERRNO(munmap(p, 3 * pg), 0);
	inside = mc_probe_read(p + 3 * pg - 1);	/* the last byte of the range */
	after = mc_probe_read(p + 3 * pg);	/* the first byte of the page after it */
	mc_observe_status(inside);
	mc_observe("next_page", "%s/0x%02x", mc_signal_name(after.signo), after.value);
	mc_check(inside.signo == SIGSEGV, "the last page of the range gave %s, not SIGSEGV: it stayed mapped",
		 mc_signal_name(inside.signo));
	mc_check(after.signo == 0 && after.value == 'x', "the page after the range gave %s/0x%02x: it was unmapped too",
		 mc_signal_name(after.signo), after.value);
	SAFE(munmap(p + 3 * pg, pg));
	return mc_finish();
}

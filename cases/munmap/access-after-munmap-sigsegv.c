/*
 * Claim: After munmap(), a reference to an address in the unmapped range raises SIGSEGV.
 * Source: Linux man-pages mmap(2), munmap(): "All pages containing a part of the indicated range are unmapped, and subsequent references to these pages will generate SIGSEGV."
 * Source: POSIX.1-2017 munmap(), DESCRIPTION: further references to the removed pages shall result in the generation of a SIGSEGV signal
 * Tags: munmap anonymous signal
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"

int main(void)
{
	struct mc_status st;
	size_t pg;
	char *p;

	mc_begin();
	pg = mc_page_size();
	p = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	p[0] = 'a';
	SAFE(munmap(p, pg));

	/* The probe child inherits the parent's address space, with the hole. */
	st = mc_probe_read(p);
	mc_observe_status(st);
	mc_check(st.signo == SIGSEGV, "reading an unmapped page gave %s, not SIGSEGV",
		 mc_signal_name(st.signo));
	return mc_finish();
}

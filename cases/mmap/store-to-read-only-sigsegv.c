/*
 * Claim: A store to a mapping created with PROT_READ only raises SIGSEGV.
 * Source: Linux man-pages mmap(2), ERRORS (signals): SIGSEGV "Attempted write into a region mapped as read-only."
 * Source: POSIX.1-2017 mmap(), DESCRIPTION: with the Memory Protection option, the implementation shall not permit a write to succeed where PROT_WRITE has not been set; <signal.h>: SEGV_ACCERR, "Invalid permissions for mapped object", is a SIGSEGV code
 * Covers: mmap(2) SIGSEGV
 * Tags: mmap anonymous signal
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
	p = SAFE_MMAP(NULL, pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	st = mc_probe_write(p);
	mc_observe_status(st);
	mc_check(st.signo == SIGSEGV, "a store to a PROT_READ page gave %s, not SIGSEGV",
		 mc_signal_name(st.signo));
	return mc_finish();
}

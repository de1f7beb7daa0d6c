/*
 * Claim: Reading an address whose page was unmapped raises SIGSEGV with si_code SEGV_MAPERR ("address not mapped to object").
 * Source: Linux man-pages sigaction(2), siginfo_t: SIGSEGV si_code "SEGV_MAPERR Address not mapped to object."
 * Source: POSIX.1-2017 <signal.h>: SIGSEGV code SEGV_MAPERR "Address not mapped to object"; munmap(), DESCRIPTION: further references to unmapped pages shall result in SIGSEGV
 * Tags: mmap munmap anonymous signal
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
	p = SAFE_MMAP(NULL, 3 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	SAFE(munmap(p + pg, pg));	/* a hole between two mapped pages */

	st = mc_probe_read(p + pg);
	mc_observe_status(st);
	mc_check(st.signo == SIGSEGV, "reading an unmapped page gave %s, not SIGSEGV", mc_signal_name(st.signo));
	mc_check(st.signo != SIGSEGV || st.code == SEGV_MAPERR, "si_code is %s, not SEGV_MAPERR",
		 mc_code_name(st.signo, st.code));
	return mc_finish();
}

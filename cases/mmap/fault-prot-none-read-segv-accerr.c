/*
 * Claim: Reading a page mapped PROT_NONE raises SIGSEGV with si_code SEGV_ACCERR ("invalid permissions for mapped object").
 * Source: POSIX.1-2017 mmap(), DESCRIPTION: with the Memory Protection option the implementation "shall not permit any access where PROT_NONE alone has been set"; <signal.h>: SEGV_ACCERR "Invalid permissions for mapped object"
 * Source: Linux man-pages sigaction(2), siginfo_t: SIGSEGV si_code "SEGV_ACCERR Invalid permissions for mapped object."
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
	p = SAFE_MMAP(NULL, pg, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	st = mc_probe_read(p);
	mc_observe_status(st);
	mc_check(st.signo == SIGSEGV, "reading a PROT_NONE page gave %s, not SIGSEGV", mc_signal_name(st.signo));
	mc_check(st.signo != SIGSEGV || st.code == SEGV_ACCERR, "si_code is %s, not SEGV_ACCERR",
		 mc_code_name(st.signo, st.code));
	return mc_finish();
}

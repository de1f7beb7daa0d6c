/*
 * Claim: The SIGSEGV raised by a read of a page made PROT_NONE by mprotect() has si_code SEGV_ACCERR, not SEGV_MAPERR.
 * Source: POSIX.1-2017 <signal.h>, si_code values for SIGSEGV: SEGV_MAPERR "Address not mapped to object", SEGV_ACCERR "Invalid permissions for mapped object"
 * Source: Linux man-pages sigaction(2), "The following values can be placed in si_code for a SIGSEGV signal": SEGV_ACCERR "Invalid permissions for mapped object"
 * Tags: mprotect signal anonymous private
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
	p[0] = 'r';
	SAFE(mprotect(p, pg, PROT_NONE));	/* still mapped, only inaccessible */

	st = mc_probe_read(p);
	mc_observe_status(st);
	mc_check(st.signo == SIGSEGV && st.code == SEGV_ACCERR,
		 "read after mprotect(PROT_NONE): %s %s, expected SIGSEGV SEGV_ACCERR",
		 mc_signal_name(st.signo), mc_code_name(st.signo, st.code));
	return mc_finish();
}

/*
 * Claim: After mprotect() changes a writable private anonymous mapping to PROT_NONE, a store to it raises SIGSEGV.
 * Source: Linux man-pages mprotect(2), DESCRIPTION: "PROT_NONE The memory cannot be accessed at all." and "If the calling process tries to access memory in a manner that violates the protections, then the kernel generates a SIGSEGV signal"
 * Source: POSIX.1-2017 mprotect(), DESCRIPTION: "no implementation shall permit a write to succeed where PROT_WRITE has not been set"
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
	p[0] = 'w';	/* populated and writable before the change */
	SAFE(mprotect(p, pg, PROT_NONE));

	st = mc_probe_write(p);
	mc_observe_status(st);
	mc_check(st.signo == SIGSEGV, "store after mprotect(PROT_NONE): %s, expected SIGSEGV",
		 mc_signal_name(st.signo));
	return mc_finish();
}

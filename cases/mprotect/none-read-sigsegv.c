/*
 * Claim: After mprotect() changes a readable private anonymous mapping to PROT_NONE, a read of it raises SIGSEGV.
 * Source: Linux man-pages mprotect(2), DESCRIPTION: "PROT_NONE The memory cannot be accessed at all." and "If the calling process tries to access memory in a manner that violates the protections, then the kernel generates a SIGSEGV signal"
 * Source: POSIX.1-2017 mprotect(), DESCRIPTION: "no implementation shall permit ... any access where PROT_NONE alone has been set"
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
	p[0] = 'r';	/* populated: the read would find a present page */
	SAFE(mprotect(p, pg, PROT_NONE));

	st = mc_probe_read(p);
	mc_observe_status(st);
	mc_check(st.signo == SIGSEGV, "read after mprotect(PROT_NONE): %s, expected SIGSEGV",
		 mc_signal_name(st.signo));
	return mc_finish();
}

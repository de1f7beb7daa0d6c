/*
 * Claim: mprotect() with a length one byte past a page boundary changes the whole page holding that byte and not the page after it.
 * Source: Linux man-pages mprotect(2), DESCRIPTION: "changes the access protections for the calling process's memory pages containing any part of the address range in the interval [addr, addr+len-1]"
 * Source: POSIX.1-2017 mprotect(), DESCRIPTION: "for those whole pages containing any part of the address space of the process starting at address addr and continuing for len bytes"
 * Tags: mprotect signal anonymous private
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"

int main(void)
{
	struct mc_status last, after;
	size_t pg;
	char *p;

	mc_begin();
	pg = mc_page_size();
	p = SAFE_MMAP(NULL, 3 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	/* The range ends on the first byte of the second page. */
	SAFE(mprotect(p, pg + 1, PROT_READ));

	last = mc_probe_write(p + 2 * pg - 1);	/* last byte of the second page */
	after = mc_probe_write(p + 2 * pg);	/* first byte of the third page */
	mc_observe_status(last);
	mc_observe("next_page", "%s", mc_signal_name(after.signo));
	mc_check(last.signo == SIGSEGV, "store to the end of the partly covered page: %s, expected SIGSEGV",
		 mc_signal_name(last.signo));
	mc_check(after.signo == 0, "store to the page after the range: %s, expected none",
		 mc_signal_name(after.signo));
	return mc_finish();
}

/*
 * Claim: mprotect(PROT_READ) on the middle page of a three-page read/write mapping makes only that page read-only; both neighbours stay writable.
 * Source: Linux man-pages mprotect(2), ERRORS (ENOMEM): "making the protection of a range PROT_READ in the middle of a region currently protected as PROT_READ|PROT_WRITE would result in three mappings"
 * Source: POSIX.1-2017 mprotect(), DESCRIPTION: the change applies to "those whole pages containing any part of" [addr, addr+len)
 * Tags: mprotect signal anonymous private
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"

int main(void)
{
	struct mc_status before, middle, after;
	size_t pg;
	char *p;

	mc_begin();
	pg = mc_page_size();
	p = SAFE_MMAP(NULL, 3 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	SAFE(mprotect(p + pg, pg, PROT_READ));

	before = mc_probe_write(p + pg - 1);	/* the byte just below the range */
	middle = mc_probe_write(p + pg);
	after = mc_probe_write(p + 2 * pg);	/* the byte just above the range */
	mc_observe_status(middle);
	mc_observe("below", "%s", mc_signal_name(before.signo));
	mc_observe("above", "%s", mc_signal_name(after.signo));
	mc_check(middle.signo == SIGSEGV, "store to the middle page: %s, expected SIGSEGV",
		 mc_signal_name(middle.signo));
	mc_check(before.signo == 0 && after.signo == 0,
		 "stores to the neighbours: below %s, above %s, expected none",
		 mc_signal_name(before.signo), mc_signal_name(after.signo));
	return mc_finish();
}

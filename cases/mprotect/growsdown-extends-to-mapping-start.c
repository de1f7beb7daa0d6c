/*
 * Claim: mprotect() of the top page of a MAP_GROWSDOWN mapping with PROT_GROWSDOWN changes every page down to the start of the mapping.
 * Source: Linux man-pages mprotect(2), DESCRIPTION: "PROT_GROWSDOWN Apply the protection mode down to the beginning of a mapping that grows downward (which should be a stack segment or a segment mapped with the MAP_GROWSDOWN flag set)."
 * Tags: mprotect signal anonymous private extension
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MAP_GROWSDOWN */
#include "mmapcheck.h"

#if defined(PROT_GROWSDOWN) && defined(MAP_GROWSDOWN)
#define NPAGES 4

int main(void)
{
	struct mc_status bottom, top;
	size_t pg;
	char *p;

	mc_begin();
	pg = mc_page_size();
	p = SAFE_MMAP(NULL, NPAGES * pg, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS | MAP_GROWSDOWN, -1, 0);
	if (mc_probe_write(p).signo != 0)	/* the bottom page starts writable */
		mc_broken("a store to the bottom page of the new MAP_GROWSDOWN mapping faulted");
	/* Only the top page is named; the bottom page is three pages below it. */
	MC_EXPECT_ERRNO(mprotect(p + (NPAGES - 1) * pg, pg, PROT_READ | PROT_GROWSDOWN), 0);

	bottom = mc_probe_write(p);
	top = mc_probe_write(p + (NPAGES - 1) * pg);
	mc_observe_status(bottom);
	mc_observe("top", "%s", mc_signal_name(top.signo));
	mc_check(bottom.signo == SIGSEGV, "store to the bottom page: %s, expected SIGSEGV",
		 mc_signal_name(bottom.signo));
	mc_check(top.signo == SIGSEGV, "store to the named top page: %s, expected SIGSEGV",
		 mc_signal_name(top.signo));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("PROT_GROWSDOWN or MAP_GROWSDOWN is not defined on this platform");
}
#endif

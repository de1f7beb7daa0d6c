/*
 * Claim: After madvise(MADV_GUARD_INSTALL) over one page of a private anonymous read-write mapping, a store to that page raises SIGSEGV while a store to the next page succeeds.
 * Source: Linux man-pages madvise(2) (6.13 and later), MADV_GUARD_INSTALL: "causing any read or write in the range to result in a SIGSEGV signal being raised."
 * Tags: madvise anonymous private signal extension
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS, madvise */
#include "mmapcheck.h"

#ifdef __linux__
int main(void)
{
	struct mc_status guarded, next;
	size_t pg;
	char *p;

	mc_begin();
	pg = mc_page_size();
	p = SAFE_MMAP(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (madvise(p, pg, MADV_GUARD_INSTALL) != 0 && errno == EINVAL)
		mc_skip("MADV_GUARD_INSTALL is an invalid advice here (EINVAL): not provided (Linux added it in 6.13)");

	guarded = mc_probe_write(p);
	next = mc_probe_write(p + pg);
	mc_observe_status(guarded);
	mc_observe("next_page", "%s", next.signo ? mc_signal_name(next.signo) : "stored");
	mc_check(guarded.signo == SIGSEGV, "the store to the guard page gave %s, not SIGSEGV",
		 guarded.signo ? mc_signal_name(guarded.signo) : "no signal");
	mc_check(next.signo == 0, "the store to the page after the guard page gave %s", mc_signal_name(next.signo));
	SAFE(munmap(p, 2 * pg));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MADV_GUARD_INSTALL is a Linux interface; not a Linux build");
}
#endif

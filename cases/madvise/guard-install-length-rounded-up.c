/*
 * Claim: madvise(MADV_GUARD_INSTALL) with a length of one byte guards the whole page it starts in (the length is rounded up to a page), and the next page keeps its data.
 * Source: Linux man-pages madvise(2) (6.20), DESCRIPTION: "The value of size is rounded up to a multiple of page size."
 * Source: Linux man-pages madvise(2) (6.13 and later), MADV_GUARD_INSTALL: "causing any read or write in the range to result in a SIGSEGV signal being raised."
 * Tags: madvise anonymous private signal extension
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS, madvise */
#include "mmapcheck.h"

#ifdef __linux__
int main(void)
{
	struct mc_status last, next;
	size_t pg;
	char *p;

	mc_begin();
	pg = mc_page_size();
	p = SAFE_MMAP(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(p, 0xa5, 2 * pg);
	if (madvise(p, 1, MADV_GUARD_INSTALL) != 0 && errno == EINVAL)
		mc_skip("MADV_GUARD_INSTALL is an invalid advice here (EINVAL): not provided (Linux added it in 6.13)");

	last = mc_probe_read(p + pg - 1);	/* the guarded page's last byte */
	next = mc_probe_read(p + pg);
	mc_observe_status(last);
	mc_observe("next_page", "%s", next.signo ? mc_signal_name(next.signo) : "readable");
	mc_check(last.signo == SIGSEGV, "the last byte of the page gave %s, not SIGSEGV: the length was not rounded up",
		 last.signo ? mc_signal_name(last.signo) : "no signal");
	mc_check(next.signo == 0 && next.value == 0xa5, "the next page lost its data or faults (%s)",
		 mc_signal_name(next.signo));
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

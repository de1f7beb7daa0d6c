/*
 * Claim: After madvise(MADV_GUARD_INSTALL) over the middle page of a written private anonymous mapping, a read of that page raises SIGSEGV while the pages on either side stay readable.
 * Source: Linux man-pages madvise(2) (6.13 and later), MADV_GUARD_INSTALL: "Install a lightweight guard region into the range specified by addr and size, causing any read or write in the range to result in a SIGSEGV signal being raised."
 * Source: Linux commit 662df3e5c376 "mm: madvise: implement lightweight guard page mechanism" (Linux 6.13)
 * Tags: madvise anonymous private signal extension
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS, madvise */
#include "mmapcheck.h"

#ifdef __linux__
int main(void)
{
	struct mc_status guarded, before, after;
	size_t pg;
	char *p;

	mc_begin();
	pg = mc_page_size();
	p = SAFE_MMAP(NULL, 3 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(p, 0xa5, 3 * pg);
	if (madvise(p + pg, pg, MADV_GUARD_INSTALL) != 0 && errno == EINVAL)
		mc_skip("MADV_GUARD_INSTALL is an invalid advice here (EINVAL): not provided (Linux added it in 6.13)");

	guarded = mc_probe_read(p + pg);
	before = mc_probe_read(p);
	after = mc_probe_read(p + 2 * pg);
	mc_observe_status(guarded);
	mc_observe("neighbours", "%s,%s", mc_signal_name(before.signo), mc_signal_name(after.signo));
	mc_check(guarded.signo == SIGSEGV, "the read of the guard page gave %s, not SIGSEGV",
		 guarded.signo ? mc_signal_name(guarded.signo) : "no signal");
	mc_check(before.signo == 0 && before.value == 0xa5 && after.signo == 0 && after.value == 0xa5,
		 "a page next to the guard page is no longer readable with its data");
	SAFE(munmap(p, 3 * pg));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MADV_GUARD_INSTALL is a Linux interface; not a Linux build");
}
#endif

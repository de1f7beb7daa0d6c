/*
 * Claim: After munmap() of the first page of a private anonymous mapping whose third page is a guard page, the guard page still faults with SIGSEGV and the second page keeps its data.
 * Source: Linux man-pages madvise(2) (6.13 and later), MADV_GUARD_INSTALL: "If the mapping has its attributes changed, or is split or partially unmapped, any existing guard regions remain in place (except if they are unmapped)."
 * Tags: madvise munmap anonymous private signal extension
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS, madvise */
#include "mmapcheck.h"

#ifdef __linux__
int main(void)
{
	struct mc_status first, kept, guard;
	size_t pg;
	char *p;

	mc_begin();
	pg = mc_page_size();
	p = SAFE_MMAP(NULL, 3 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(p, 0xa5, 3 * pg);
	if (madvise(p + 2 * pg, pg, MADV_GUARD_INSTALL) != 0 && errno == EINVAL)
		mc_skip("MADV_GUARD_INSTALL is an invalid advice here (EINVAL): not provided (Linux added it in 6.13)");

	SAFE(munmap(p, pg));
	first = mc_probe_read(p);	/* control: the first page is gone */
	kept = mc_probe_read(p + pg);
	guard = mc_probe_read(p + 2 * pg);
	mc_observe_status(guard);
	mc_observe("unmapped_page", "%s", first.signo ? mc_signal_name(first.signo) : "readable");
	mc_observe("second_byte", "0x%02x", kept.signo ? 0 : kept.value);
	mc_check(first.signo == SIGSEGV, "the unmapped first page is still readable");
	mc_check(kept.signo == 0 && kept.value == 0xa5, "the second page lost its data or faults");
	mc_check(guard.signo == SIGSEGV, "the guard page gave %s after the partial munmap(), not SIGSEGV",
		 guard.signo ? mc_signal_name(guard.signo) : "no signal");
	SAFE(munmap(p + pg, 2 * pg));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MADV_GUARD_INSTALL is a Linux interface; not a Linux build");
}
#endif

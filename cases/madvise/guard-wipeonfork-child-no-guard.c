/*
 * Claim: A fork() child does not inherit a guard page installed over a part with MADV_WIPEONFORK applied (the child reads zero there) while it does inherit one installed elsewhere in the same mapping (SIGSEGV).
 * Source: Linux man-pages madvise(2) (6.13 and later), MADV_GUARD_INSTALL: "Lightweight guard regions remain on fork (except for any parts which have had MADV_WIPEONFORK applied to them)"
 * Tags: madvise anonymous private signal fork extension
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS, madvise, MADV_WIPEONFORK */
#include "mmapcheck.h"

#ifdef __linux__
int main(void)
{
	struct mc_status wiped, kept;
	size_t pg;
	char *p;

	mc_begin();
	pg = mc_page_size();
	p = SAFE_MMAP(NULL, 3 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(p, 0xa5, 3 * pg);
	if (madvise(p + 2 * pg, pg, MADV_GUARD_INSTALL) != 0 && errno == EINVAL)
		mc_skip("MADV_GUARD_INSTALL is an invalid advice here (EINVAL): not provided (Linux added it in 6.13)");
	SAFE(madvise(p, pg, MADV_WIPEONFORK));
	SAFE(madvise(p, pg, MADV_GUARD_INSTALL));

	wiped = mc_probe_read(p);		/* in a fork child */
	kept = mc_probe_read(p + 2 * pg);	/* control: guards are inherited elsewhere */
	mc_observe_status(wiped);
	mc_observe("child_byte", "0x%02x", wiped.signo ? 0 : wiped.value);
	mc_observe("other_guard", "%s", kept.signo ? mc_signal_name(kept.signo) : "readable");
	mc_check(kept.signo == SIGSEGV, "the guard page outside the MADV_WIPEONFORK part did not fault in the child");
	mc_check(wiped.signo == 0, "the child faults (%s) at the guard page of the MADV_WIPEONFORK part",
		 mc_signal_name(wiped.signo));
	mc_check(wiped.signo || wiped.value == 0, "the child reads 0x%02x there, not zero", wiped.value);
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

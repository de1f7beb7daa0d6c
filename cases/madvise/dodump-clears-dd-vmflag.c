/*
 * Claim: After madvise(MADV_DONTDUMP) and then madvise(MADV_DODUMP) over a private anonymous mapping, the VmFlags line of its area in /proc/self/smaps no longer shows "dd".
 * Source: Linux man-pages madvise(2), MADV_DODUMP: "Undo the effect of an earlier MADV_DONTDUMP."
 * Source: Linux man-pages proc(5), /proc/pid/smaps: VmFlags "dd - do not include area into core dump"
 * Tags: madvise anonymous private extension procfs
 * Requires: linux
 * Claim-call: madvise_dodump
 */
#define _DEFAULT_SOURCE	/* MADV_DODUMP */
#include "mmapcheck.h"

/* Elsewhere the exclusion is not visible to the process (FreeBSD's MADV_NOCORE: procstat -v). */
#if defined(__linux__) && defined(MADV_DODUMP)
int main(void)
{
	size_t len;
	char *p;
	int dd;

	mc_begin();
	len = 2 * mc_page_size();
	p = SAFE_MMAP(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	SAFE(madvise(p, len, MADV_DONTDUMP));
	/* The first step must show, or there is nothing for MADV_DODUMP to undo. */
	dd = mc_smaps_has_flag(p, "dd");
	if (dd < 0)
		mc_broken("no area containing %p in /proc/self/smaps (or no VmFlags line)", (void *)p);
	mc_observe("vmflags_dd_after_dontdump", "%s", dd ? "yes" : "no");
	if (dd == 0)
		mc_skip("MADV_DONTDUMP left no \"dd\" in VmFlags here: nothing for MADV_DODUMP to undo");
	MC_EXPECT_ERRNO(madvise(p, len, MADV_DODUMP), 0);
	dd = mc_smaps_has_flag(p, "dd");
	if (dd < 0)
		mc_broken("no area containing %p in /proc/self/smaps (or no VmFlags line)", (void *)p);

	mc_observe("vmflags_dd", "%s", dd ? "yes" : "no");
	mc_check(dd == 0, "VmFlags %s \"dd\" after MADV_DODUMP", dd ? "shows" : "lacks");
	SAFE(munmap(p, len));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MADV_DODUMP and /proc/self/smaps VmFlags are Linux interfaces; not a Linux build");
}
#endif

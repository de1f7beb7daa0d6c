/*
 * Claim: After madvise(MADV_MERGEABLE) over a private anonymous mapping, the VmFlags line of its area in /proc/self/smaps shows "mg".
 * Source: Linux man-pages madvise(2), MADV_MERGEABLE: "Enable Kernel Samepage Merging (KSM) for the pages in the range specified by addr and length."
 * Source: Linux man-pages proc(5), /proc/pid/smaps: VmFlags "mg - mergeable advise flag"
 * Tags: madvise anonymous private extension procfs
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MADV_MERGEABLE */
#include "mmapcheck.h"

/* Elsewhere the advice is not visible to the process. */
#if defined(__linux__) && defined(MADV_MERGEABLE)
int main(void)
{
	size_t len;
	char *p;
	int has;

	mc_begin();
	if (access("/sys/kernel/mm/ksm", F_OK) != 0)
		mc_skip("no /sys/kernel/mm/ksm: no KSM here (CONFIG_KSM on Linux), where MADV_MERGEABLE is invalid");
	len = 2 * mc_page_size();
	p = SAFE_MMAP(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	MC_EXPECT_ERRNO(madvise(p, len, MADV_MERGEABLE), 0);
	has = mc_smaps_has_flag(p, "mg");
	if (has < 0)
		mc_broken("no area containing %p in /proc/self/smaps (or no VmFlags line)", (void *)p);

	mc_observe("vmflags_mg", "%s", has ? "yes" : "no");
	mc_check(has == 1, "VmFlags lacks \"mg\" after MADV_MERGEABLE");
	SAFE(munmap(p, len));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MADV_MERGEABLE and /proc/self/smaps VmFlags are Linux interfaces; not a Linux build");
}
#endif

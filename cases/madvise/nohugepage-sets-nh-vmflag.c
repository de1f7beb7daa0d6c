/*
 * Claim: After madvise(MADV_NOHUGEPAGE) over a private anonymous mapping, the VmFlags line of its area in /proc/self/smaps shows "nh".
 * Source: Linux man-pages madvise(2), MADV_NOHUGEPAGE: "Ensures that memory in the address range specified by addr and length will not be backed by transparent hugepages."
 * Source: Linux man-pages proc(5), /proc/pid/smaps: VmFlags "nh - no-huge page advise flag"
 * Tags: madvise anonymous private extension procfs
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MADV_NOHUGEPAGE */
#include "mmapcheck.h"

/* Elsewhere the advice is not visible to the process. */
#if defined(__linux__) && defined(MADV_NOHUGEPAGE)
int main(void)
{
	size_t len;
	char *p;
	int has;

	mc_begin();
	if (access("/sys/kernel/mm/transparent_hugepage", F_OK) != 0)
		mc_skip("no /sys/kernel/mm/transparent_hugepage: no transparent huge page support here (CONFIG_TRANSPARENT_HUGEPAGE on Linux), where MADV_NOHUGEPAGE is invalid");
	len = 2 * mc_page_size();
	p = SAFE_MMAP(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	MC_EXPECT_ERRNO(madvise(p, len, MADV_NOHUGEPAGE), 0);
	has = mc_smaps_has_flag(p, "nh");
	if (has < 0)
		mc_broken("no area containing %p in /proc/self/smaps (or no VmFlags line)", (void *)p);

	mc_observe("vmflags_nh", "%s", has ? "yes" : "no");
	mc_check(has == 1, "VmFlags lacks \"nh\" after MADV_NOHUGEPAGE");
	SAFE(munmap(p, len));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MADV_NOHUGEPAGE and /proc/self/smaps VmFlags are Linux interfaces; not a Linux build");
}
#endif

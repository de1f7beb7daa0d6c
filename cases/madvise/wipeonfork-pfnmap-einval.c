/*
 * Claim: madvise(MADV_WIPEONFORK) over the kernel's [vvar] (since 6.15 [vvar_vclock]) area, a VM_PFNMAP mapping, fails with EINVAL.
 * Source: Linux man-pages madvise(2), ERRORS: "EINVAL advice is MADV_FREE or MADV_WIPEONFORK but the specified address range includes file, Huge TLB, MAP_SHARED, or VM_PFNMAP ranges."
 * Source: Linux man-pages proc(5), /proc/pid/smaps: VmFlags "pf - pure PFN range"
 * Covers: madvise(2) EINVAL "MADV_FREE or MADV_WIPEONFORK"
 * Not-mutated: Linux fails it (MADV_WIPEONFORK over the whole area succeeds, expected/linux), so no mutant can turn a pass into a fail on this kernel
 * Tags: madvise errno extension procfs
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MADV_WIPEONFORK */
#include "mmapcheck.h"

/* The other systems have no VM_PFNMAP areas in every process to point at. */
#if defined(__linux__) && defined(MADV_WIPEONFORK)
int main(void)
{
	void *p;
	long long kb;

	mc_begin();
	if (!(p = mc_pfnmap_area()))
		mc_skip("no [vvar] or [vvar_vclock] area with VmFlags \"pf\" (VM_PFNMAP) in /proc/self/smaps");
	if ((kb = mc_smaps_kb(p, "Size")) <= 0)
		mc_skip("no Size of the area in /proc/self/smaps");

	/* The whole area: advice on part of it would need a split, which a
	 * special mapping refuses with EINVAL whatever the advice. */
	MC_EXPECT_ERRNO(madvise(p, (size_t)kb * 1024, MADV_WIPEONFORK), EINVAL);
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MADV_WIPEONFORK on a VM_PFNMAP area is a Linux claim; not a Linux build");
}
#endif

/*
 * Claim: madvise(MADV_WIPEONFORK) over the kernel's [vvar] area, a VM_PFNMAP mapping, fails with EINVAL.
 * Source: Linux man-pages madvise(2), ERRORS: "EINVAL advice is MADV_FREE or MADV_WIPEONFORK but the specified address range includes file, Huge TLB, MAP_SHARED, or VM_PFNMAP ranges."
 * Source: Linux man-pages proc(5), /proc/pid/smaps: VmFlags "pf - pure PFN range"
 * Covers: madvise(2) EINVAL "MADV_FREE or MADV_WIPEONFORK"
 * Tags: madvise errno extension procfs
 * Requires: linux
 */
#include "mmapcheck.h"

/* The other systems have no VM_PFNMAP areas in every process to point at. */
#if defined(__linux__) && defined(MADV_WIPEONFORK)
int main(void)
{
	void *p;

	mc_begin();
	if (!(p = mc_maps_named("[vvar]")) || mc_smaps_has_flag(p, "pf") != 1)
		mc_skip("no [vvar] area with VmFlags \"pf\" (VM_PFNMAP) in /proc/self/smaps");

	MC_EXPECT_ERRNO(madvise(p, mc_page_size(), MADV_WIPEONFORK), EINVAL);
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MADV_WIPEONFORK on a VM_PFNMAP area is a Linux claim; not a Linux build");
}
#endif

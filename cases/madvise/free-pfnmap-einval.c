/*
 * Claim: madvise(MADV_FREE) over the kernel's [vvar] (since 6.15 [vvar_vclock]) area, a VM_PFNMAP mapping, fails with EINVAL.
 * Source: Linux man-pages madvise(2), ERRORS: "EINVAL advice is MADV_FREE or MADV_WIPEONFORK but the specified address range includes file, Huge TLB, MAP_SHARED, or VM_PFNMAP ranges."
 * Source: Linux man-pages proc(5), /proc/pid/smaps: VmFlags "pf - pure PFN range"
 * Covers: madvise(2) EINVAL "MADV_FREE or MADV_WIPEONFORK"
 * Tags: madvise errno extension procfs
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MADV_FREE */
#include "mmapcheck.h"

/* The other systems have no VM_PFNMAP areas in every process to point at. */
#if defined(__linux__) && defined(MADV_FREE)
int main(void)
{
	void *p;

	mc_begin();
	if (!(p = mc_pfnmap_area()))
		mc_skip("no [vvar] or [vvar_vclock] area with VmFlags \"pf\" (VM_PFNMAP) in /proc/self/smaps");

	MC_EXPECT_ERRNO(madvise(p, mc_page_size(), MADV_FREE), EINVAL);
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MADV_FREE on a VM_PFNMAP area is a Linux claim; not a Linux build");
}
#endif

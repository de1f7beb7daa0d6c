/*
 * Claim: madvise(MADV_GUARD_INSTALL) over the kernel's [vvar] (since 6.15 [vvar_vclock]) area, a VM_PFNMAP mapping, fails with EINVAL.
 * Source: Linux man-pages madvise(2) (6.13 and later), MADV_GUARD_INSTALL: "nor contain special mappings. For example, mappings marked with kernel-internal flags such as VM_PFNMAP or VM_IO" ... "An EINVAL error is returned if it is attempted on any other kind of mapping."
 * Source: Linux man-pages proc(5), /proc/pid/smaps: VmFlags "pf - pure PFN range"
 * Covers: madvise(2) EINVAL "MADV_GUARD_INSTALL or MADV_GUARD_REMOVE"
 * Tags: madvise errno extension procfs
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS, madvise */
#include "mmapcheck.h"

#ifdef __linux__
int main(void)
{
	size_t pg;
	void *p, *control;

	mc_begin();
	pg = mc_page_size();
	control = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (madvise(control, pg, MADV_GUARD_INSTALL) != 0 && errno == EINVAL)
		mc_skip("MADV_GUARD_INSTALL is an invalid advice here (EINVAL): not provided (Linux added it in 6.13)");
	if (!(p = mc_pfnmap_area()))
		mc_skip("no [vvar] or [vvar_vclock] area with VmFlags \"pf\" (VM_PFNMAP) in /proc/self/smaps");

	MC_EXPECT_ERRNO(madvise(p, pg, MADV_GUARD_INSTALL), EINVAL);
	SAFE(munmap(control, pg));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MADV_GUARD_INSTALL is a Linux interface; not a Linux build");
}
#endif

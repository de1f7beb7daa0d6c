/*
 * Claim: madvise(MADV_DONTNEED_LOCKED) over the kernel's [vvar] (since 6.15 [vvar_vclock]) area, a VM_PFNMAP mapping, fails with EINVAL.
 * Source: Linux include/uapi/asm-generic/mman-common.h (5.18 and later): "#define MADV_DONTNEED_LOCKED 24", "like DONTNEED, but drop locked pages too"
 * Source: Linux man-pages madvise(2), MADV_DONTNEED: "MADV_DONTNEED cannot be applied to locked pages, or VM_PFNMAP pages."; commit 9457056ac426 "mm: madvise: MADV_DONTNEED_LOCKED" (Linux 5.18) lifts the first restriction only (mm/madvise.c madvise_dontneed_free_valid_vma(): VM_PFNMAP forbidden for both)
 * Covers: MADV_DONTNEED_LOCKED(kernel) EINVAL "VM_PFNMAP"
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
	if (madvise(control, pg, MADV_DONTNEED_LOCKED) != 0 && errno == EINVAL)	/* the advice is known */
		mc_skip("MADV_DONTNEED_LOCKED is an invalid advice here (EINVAL): not provided (Linux added it in 5.18)");
	if (!(p = mc_pfnmap_area()))
		mc_skip("no [vvar] or [vvar_vclock] area with VmFlags \"pf\" (VM_PFNMAP) in /proc/self/smaps");

	MC_EXPECT_ERRNO(madvise(p, pg, MADV_DONTNEED_LOCKED), EINVAL);
	SAFE(munmap(control, pg));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MADV_DONTNEED_LOCKED is a Linux interface; not a Linux build");
}
#endif

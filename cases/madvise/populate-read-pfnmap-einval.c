/*
 * Claim: madvise(MADV_POPULATE_READ) over the kernel's [vvar] (since 6.15 [vvar_vclock]) area, a VM_PFNMAP mapping, fails with EINVAL.
 * Source: Linux man-pages madvise(2), ERRORS: "EINVAL advice is MADV_POPULATE_READ or MADV_POPULATE_WRITE, but the specified address range includes ranges with insufficient permissions or special mappings, for example, mappings marked with kernel-internal flags such a VM_IO or VM_PFNMAP"
 * Source: Linux man-pages proc(5), /proc/pid/smaps: VmFlags "pf - pure PFN range"
 * Covers: madvise(2) EINVAL "MADV_POPULATE_READ or MADV_POPULATE_WRITE"
 * Tags: madvise errno extension procfs
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS, madvise, MADV_POPULATE_READ */
#include "mmapcheck.h"

#if defined(__linux__) && !defined(MADV_POPULATE_READ)
#define MADV_POPULATE_READ 22	/* <asm-generic/mman-common.h> of Linux 5.14; older C library headers lack it */
#define MADV_POPULATE_WRITE 23
#endif

/* The other systems have no VM_PFNMAP areas in every process to point at. */
#if defined(__linux__) && defined(MADV_POPULATE_READ)
/* Kernels before 5.14 reject the advice itself with EINVAL: then nothing here can be told. */
static void require_populate(int advice)
{
	size_t pg = mc_page_size();
	void *q = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int err = madvise(q, pg, advice) == 0 ? 0 : errno;

	SAFE(munmap(q, pg));
	if (err)
		mc_skip("the advice fails on a plain anonymous page (%s): not provided here (Linux added it in 5.14)",
			mc_errno_name(err));
}

int main(void)
{
	void *p;

	mc_begin();
	require_populate(MADV_POPULATE_READ);
	if (!(p = mc_pfnmap_area()))
		mc_skip("no [vvar] or [vvar_vclock] area with VmFlags \"pf\" (VM_PFNMAP) in /proc/self/smaps");

	MC_EXPECT_ERRNO(madvise(p, mc_page_size(), MADV_POPULATE_READ), EINVAL);
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MADV_POPULATE_READ on a VM_PFNMAP area is a Linux claim; not a Linux build");
}
#endif

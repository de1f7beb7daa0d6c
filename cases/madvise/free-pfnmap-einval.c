/*
 * Claim: madvise(MADV_FREE) over the kernel's [vvar] area, a VM_PFNMAP mapping, fails with EINVAL.
 * Source: Linux man-pages madvise(2), ERRORS: "EINVAL advice is MADV_FREE or MADV_WIPEONFORK but the specified address range includes file, Huge TLB, MAP_SHARED, or VM_PFNMAP ranges."
 * Source: Linux man-pages proc(5), /proc/pid/smaps: VmFlags "pf - pure PFN range"
 * Covers: madvise(2) EINVAL "MADV_FREE or MADV_WIPEONFORK"
 * Tags: madvise errno extension procfs
 * Requires: linux
 */
#include "mmapcheck.h"

/* The other systems have no VM_PFNMAP areas in every process to point at. */
#if defined(__linux__) && defined(MADV_FREE)
/* The start of [vvar] if /proc/self/smaps lists it with the "pf" flag, else NULL. */
static void *pfnmap_area(void)
{
	unsigned long start = 0, a, b;
	int in_vvar = 0, pf = 0;
	char line[512];
	FILE *f;

	if (!(f = fopen("/proc/self/smaps", "r")))
		mc_skip("/proc/self/smaps is not readable here: %s", mc_errno_name(errno));
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%lx-%lx ", &a, &b) == 2 && strchr(line, '-') < strchr(line, ' ')) {
			in_vvar = strstr(line, " [vvar]\n") != NULL;
			start = a;
		} else if (in_vvar && strncmp(line, "VmFlags:", 8) == 0) {
			pf = strstr(line, " pf") != NULL;
			break;
		}
	}
	fclose(f);
	return pf ? (void *)(uintptr_t)start : NULL;
}

int main(void)
{
	void *p;

	mc_begin();
	if (!(p = pfnmap_area()))
		mc_skip("no [vvar] area with VmFlags \"pf\" (VM_PFNMAP) in /proc/self/smaps");

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

/*
 * Claim: After madvise(MADV_COLD) over a written private anonymous mapping, every byte still reads the data stored before.
 * Source: Linux man-pages madvise(2), MADV_COLD: "Deactivate a given range of pages. ... This is a nondestructive operation."
 * Source: Linux man-pages proc(5), /proc/pid/smaps: "Referenced" indicates the amount of memory currently marked as referenced or accessed (mm/madvise.c: MADV_COLD clears the young and referenced state before deactivating)
 * Tags: madvise anonymous private extension procfs
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MADV_COLD */
#include "mmapcheck.h"

#ifdef MADV_COLD
#define NPAGES 8

/* Stores to every page of both areas: their page-table entries turn young (smaps Referenced). */
static void store_all(unsigned char *p, unsigned char *control, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = control[i] = (unsigned char)(i % 251 + 1);
}

int main(void)
{
	long long ref_before = -1, ref_after = -1, control_before = -1, control_after = -1;
	size_t i, len, changed = 0;
	unsigned char *p, *control;
	int tries;

	mc_begin();
	len = NPAGES * mc_page_size();
	p = mc_map_isolated(len);	/* smaps must count this range alone */
	/* Shared, so that it never merges with p's area: smaps counts per area. */
	control = SAFE_MMAP(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	/* Evidence the call acted: MADV_COLD clears the pages' referenced state
	 * (smaps Referenced drops to 0); the control, not advised, must keep its
	 * own, or someone else (reclaim on a busy machine) aged the pages.  The
	 * kernel deactivates through per-CPU batches and passes over a page still
	 * in one, so a loaded machine may show no effect once: up to five tries. */
	tries = 0;
	do {
		store_all(p, control, len);
		ref_before = mc_smaps_kb(p, "Referenced");
		control_before = mc_smaps_kb(control, "Referenced");
		if (ref_before <= 0 || control_before <= 0)
			mc_skip("/proc/self/smaps shows no Referenced pages right after the stores: MADV_COLD's effect cannot be observed");
		if (!MC_EXPECT_ERRNO(madvise(p, len, MADV_COLD), 0))
			return mc_finish();
		ref_after = mc_smaps_kb(p, "Referenced");
		control_after = mc_smaps_kb(control, "Referenced");
	} while (++tries < 5 && (control_after != control_before || ref_after != 0));
	mc_observe("referenced_kb", "%lld->%lld", ref_before, ref_after);
	mc_observe("control_referenced_kb", "%lld->%lld", control_before, control_after);
	if (control_after != control_before)	/* a fact about the machine, not the claim */
		mc_skip("something else (reclaim on a busy machine) aged the control area's pages in each of %d tries: "
			"MADV_COLD's own effect cannot be observed here", tries);
	if (ref_after != 0)
		mc_broken("smaps Referenced is %lld kB after MADV_COLD returned 0, in each of %d tries: no evidence the pages were deactivated",
			  ref_after, tries);

	for (i = 0; i < len; i++)
		changed += p[i] != (unsigned char)(i % 251 + 1);
	mc_observe("changed_bytes", "%zu", changed);
	mc_check(changed == 0, "%zu of %zu bytes changed by MADV_COLD", changed, len);
	SAFE(munmap(control, len));
	mc_unmap_isolated(p, len);
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MADV_COLD is not defined on this platform (Linux 5.4 and later)");
}
#endif

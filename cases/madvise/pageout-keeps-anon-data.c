/*
 * Claim: After madvise(MADV_PAGEOUT) over a written private anonymous mapping, every byte still reads the data stored before.
 * Source: Linux man-pages madvise(2), MADV_PAGEOUT: "Reclaim a given range of pages. ... If a page is anonymous, it will be swapped out."
 * Tags: madvise anonymous private extension
 * Requires: linux
 * Not-mutated: it skips where there is no swap (as on the machine make mutants runs on), so no mutant can turn a pass into a fail; with swap, madvise-reclaim-discards would
 */
#define _DEFAULT_SOURCE	/* MADV_PAGEOUT */
#include "mmapcheck.h"

#ifdef MADV_PAGEOUT
#define NPAGES 8

int main(void)
{
	long long swap_kb = -1, swap_free;
	long resident = NPAGES;
	size_t i, len, changed = 0;
	unsigned char *p;
	int tries, observable;

	mc_begin();
	len = NPAGES * mc_page_size();
	p = mc_map_isolated(len);	/* smaps must count this range alone */
	for (i = 0; i < len; i++)
		p[i] = (unsigned char)(i % 251 + 1);
	observable = mc_residency_observable() == 1;

	/* Evidence the call acted: pages in swap (smaps Swap) or not resident.  A
	 * page another reclaimer holds is skipped by the kernel: a few tries. */
	if (!MC_EXPECT_ERRNO(madvise(p, len, MADV_PAGEOUT), 0))
		return mc_finish();
	for (tries = 1; tries <= 3; tries++) {
		if (tries > 1)
			SAFE(madvise(p, len, MADV_PAGEOUT));
		swap_kb = mc_smaps_kb(p, "Swap");
		if (observable)
			resident = SAFE(mc_resident_pages(p, len));
		if (swap_kb > 0 || resident < NPAGES)
			break;
	}
	mc_observe("swap_kb", "%lld", swap_kb);
	mc_observe("resident_pages", "%ld/%d", resident, NPAGES);
	if (swap_kb <= 0 && resident == NPAGES) {
		swap_free = mc_proc_number("/proc/meminfo", "SwapFree");
		if (swap_free >= 0 && swap_free < (long long)(len / 1024))
			mc_skip("no swap space here (SwapFree: %lld kB): MADV_PAGEOUT cannot page anonymous memory out, nothing to read back", swap_free);
		if (swap_kb < 0 && !observable)
			mc_skip("neither smaps Swap nor mincore() can show a page-out here");
		mc_broken("MADV_PAGEOUT returned 0 %d times, but no page is in swap or non-resident: no evidence it paged anything out", tries - 1);
	}

	for (i = 0; i < len; i++)
		changed += p[i] != (unsigned char)(i % 251 + 1);
	mc_observe("changed_bytes", "%zu", changed);
	mc_check(changed == 0, "%zu of %zu bytes changed after MADV_PAGEOUT paged them out", changed, len);
	mc_unmap_isolated(p, len);
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MADV_PAGEOUT is not defined on this platform (Linux 5.4 and later)");
}
#endif

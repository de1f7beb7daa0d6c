/*
 * Claim: After madvise(MADV_POPULATE_READ) over an untouched private anonymous mapping, every page of the range is resident, before any access.
 * Source: Linux man-pages madvise(2), MADV_POPULATE_READ: "Populate (prefault) page tables readable, faulting-in all pages in the range just as if manually reading from each page"
 * Source: Linux man-pages mincore(2), DESCRIPTION: the least significant bit of each vector byte is set if the page is resident in memory
 * Tags: madvise mincore anonymous private extension
 * Requires: linux
 */
#include "mmapcheck.h"

#ifdef MADV_POPULATE_READ
#define NPAGES 8

int main(void)
{
	long before, after;
	size_t len;
	char *p;

	mc_begin();
	mc_require_residency_observable();
	len = NPAGES * mc_page_size();
	p = SAFE_MMAP(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	before = SAFE(mc_resident_pages(p, len));

	MC_EXPECT_ERRNO(madvise(p, len, MADV_POPULATE_READ), 0);
	after = SAFE(mc_resident_pages(p, len));

	mc_observe("resident", "before=%ld,after=%ld/%d", before, after, NPAGES);
	mc_check(after == NPAGES, "%ld of %d pages resident after MADV_POPULATE_READ", after, NPAGES);
	SAFE(munmap(p, len));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MADV_POPULATE_READ is not defined on this platform (Linux 5.14 and later)");
}
#endif

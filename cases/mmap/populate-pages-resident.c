/*
 * Claim: A private anonymous mapping made with MAP_POPULATE has every page resident right after mmap() returns, before any access.
 * Source: Linux man-pages mmap(2), MAP_POPULATE: "Populate (prefault) page tables for a mapping"; support with private mappings since Linux 2.6.23
 * Source: Linux man-pages mincore(2), DESCRIPTION: the least significant bit of each vector byte is set if the page is resident in memory
 * Tags: mmap mincore anonymous private extension
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MAP_POPULATE */
#include "mmapcheck.h"

#ifdef MAP_POPULATE
#define NPAGES 16

int main(void)
{
	long resident;
	size_t len;
	char *p;

	mc_begin();
	/* Where mincore() calls untouched pages resident, the check below could not fail. */
	mc_require_residency_observable();
	len = NPAGES * mc_page_size();
	p = MC_EXPECT_MAP(NULL, len, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	/* No access in between: untouched anonymous pages are otherwise absent. */
	resident = SAFE(mc_resident_pages(p, len));

	mc_observe("resident", "%ld/%d", resident, NPAGES);
	mc_check(resident == NPAGES, "%ld of %d pages resident after MAP_POPULATE", resident, NPAGES);
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MAP_POPULATE is not defined on this platform");
}
#endif

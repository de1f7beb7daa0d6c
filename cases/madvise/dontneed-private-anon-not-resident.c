/*
 * Claim: After madvise(MADV_DONTNEED) over a written private anonymous mapping, none of its pages is resident until it is touched again.
 * Source: Linux man-pages madvise(2), MADV_DONTNEED: "the kernel can free resources associated with it"; later accesses give "zero-fill-on-demand pages for anonymous private mappings" (pages made on demand, so none exist before)
 * Source: Linux man-pages mincore(2), DESCRIPTION: the least significant bit of each vector byte is set if the page is resident in memory
 * Tags: madvise mincore anonymous private extension
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MADV_DONTNEED */
#include "mmapcheck.h"

#if defined(__linux__) && defined(MADV_DONTNEED)
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
	memset(p, 0xa5, len);
	before = SAFE(mc_resident_pages(p, len));

	MC_EXPECT_ERRNO(madvise(p, len, MADV_DONTNEED), 0);
	after = SAFE(mc_resident_pages(p, len));

	mc_note("%ld of %d pages resident before the advice", before, NPAGES);	/* pressure may vary it */
	mc_observe("resident_after", "%ld/%d", after, NPAGES);
	mc_check(after == 0, "%ld of %d pages still resident after MADV_DONTNEED", after, NPAGES);
	SAFE(munmap(p, len));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MADV_DONTNEED freeing the pages is Linux semantics; not a Linux build");
}
#endif

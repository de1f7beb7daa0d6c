/*
 * Claim: After madvise(MADV_DONTNEED) on a written private anonymous mapping, every byte of the range reads as zero again.
 * Source: Linux man-pages madvise(2), Conventional advice values, MADV_DONTNEED: later accesses "succeed, but will result in ... zero-fill-on-demand pages for anonymous private mappings"
 * Tags: madvise anonymous private extension
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MADV_DONTNEED */
#include "mmapcheck.h"

/* posix_madvise(POSIX_MADV_DONTNEED) promises no such thing; the zeroing is Linux's. */
#if defined(__linux__) && defined(MADV_DONTNEED)
#define NPAGES 8

int main(void)
{
	size_t i, len, nonzero = 0;
	unsigned char *p;

	mc_begin();
	len = NPAGES * mc_page_size();
	p = SAFE_MMAP(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(p, 0xa5, len);

	MC_EXPECT_ERRNO(madvise(p, len, MADV_DONTNEED), 0);
	for (i = 0; i < len; i++)
		nonzero += p[i] != 0;

	mc_observe("nonzero_bytes", "%zu", nonzero);
	mc_check(nonzero == 0, "%zu of %zu bytes still nonzero after MADV_DONTNEED", nonzero, len);
	SAFE(munmap(p, len));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MADV_DONTNEED zero-fill is Linux semantics; not a Linux build");
}
#endif

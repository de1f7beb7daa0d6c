/*
 * Claim: madvise(MADV_DONTNEED) on private anonymous memory with a length one byte past a page boundary zero-fills the whole page holding that byte and leaves the page after it alone.
 * Source: Linux man-pages madvise(2), DESCRIPTION: "madvise() only operates on whole pages, therefore addr must be page-aligned. The value of size is rounded up to a multiple of page size."; MADV_DONTNEED: "will result in zero-fill-on-demand pages for anonymous private mappings"
 * Tags: madvise anonymous private extension
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MADV_DONTNEED */
#include "mmapcheck.h"

#if defined(__linux__) && defined(MADV_DONTNEED)
int main(void)
{
	unsigned char *p;
	size_t pg;

	mc_begin();
	pg = mc_page_size();
	p = SAFE_MMAP(NULL, 3 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(p, 0xa5, 3 * pg);

	MC_EXPECT_ERRNO(madvise(p, pg + 1, MADV_DONTNEED), 0);
	mc_observe("after", "first=0x%02x,last=0x%02x,next=0x%02x", p[0], p[2 * pg - 1], p[2 * pg]);
	mc_check(p[0] == 0, "the first page of the range reads 0x%02x, not zero: advice not applied", p[0]);
	mc_check(p[2 * pg - 1] == 0, "the last byte of the partly named page reads 0x%02x, not zero: size not rounded up",
		 p[2 * pg - 1]);
	mc_check(p[2 * pg] == 0xa5, "the page after the range reads 0x%02x, not 0xa5: the advice spilled onto it",
		 p[2 * pg]);
	SAFE(munmap(p, 3 * pg));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MADV_DONTNEED zero-fill of private anonymous memory is Linux semantics; not a Linux build");
}
#endif

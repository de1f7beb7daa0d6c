/*
 * Claim: madvise(MADV_DONTNEED) over a range with an unmapped page in the middle fails with ENOMEM, yet still applies the advice to the mapped pages on both sides of the hole.
 * Source: Linux man-pages madvise(2), ERRORS: "ENOMEM Addresses in the specified range are not currently mapped"
 * Source: Linux mm/madvise.c, madvise_walk_vmas(): "If the range contains holes ... ignore them, but return -ENOMEM at the end"; kselftest tools/testing/selftests/mm (madvise over holes)
 * Covers: madvise(2) ENOMEM "not currently mapped"
 * Tags: madvise errno anonymous private extension
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MADV_DONTNEED */
#include "mmapcheck.h"

#if defined(__linux__) && defined(MADV_DONTNEED)
int main(void)
{
	size_t pg;
	unsigned char *p;

	mc_begin();
	pg = mc_page_size();
	p = SAFE_MMAP(NULL, 3 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(p, 0xa5, 3 * pg);
	SAFE(munmap(p + pg, pg));	/* the hole */

	MC_EXPECT_ERRNO(madvise(p, 3 * pg, MADV_DONTNEED), ENOMEM);
	mc_observe("after", "first=0x%02x,last=0x%02x", p[0], p[3 * pg - 1]);
	mc_check(p[0] == 0, "the page before the hole reads 0x%02x, not zero: advice not applied", p[0]);
	mc_check(p[3 * pg - 1] == 0, "the page after the hole reads 0x%02x, not zero: advice not applied",
		 p[3 * pg - 1]);
	SAFE(munmap(p, pg));
	SAFE(munmap(p + 2 * pg, pg));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MADV_DONTNEED zero-fill over holes is Linux semantics; not a Linux build");
}
#endif

/*
 * Claim: madvise(MADV_DONTNEED) over a range whose last page is not mapped fails with ENOMEM, yet still zero-fills the two mapped private anonymous pages before it.
 * Source: Linux man-pages madvise(2), ERRORS: "ENOMEM Addresses in the specified range are not currently mapped"; VERSIONS, Linux: "If there are some parts of the specified address range that are not mapped, the Linux version of madvise() ignores them and applies the call to the rest (but returns ENOMEM from the system call, as it should)."
 * Covers: madvise(2) ENOMEM "not currently mapped"
 * Tags: madvise errno anonymous private extension
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
	SAFE(munmap(p + 2 * pg, pg));	/* mapped, mapped, hole */

	MC_EXPECT_ERRNO(madvise(p, 3 * pg, MADV_DONTNEED), ENOMEM);
	mc_observe("after", "first=0x%02x,last=0x%02x", p[0], p[2 * pg - 1]);
	mc_check(p[0] == 0, "the first mapped page reads 0x%02x, not zero: advice not applied", p[0]);
	mc_check(p[2 * pg - 1] == 0, "the second mapped page reads 0x%02x, not zero: advice not applied",
		 p[2 * pg - 1]);
	SAFE(munmap(p, 2 * pg));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("madvise() applying advice around holes is Linux semantics; not a Linux build");
}
#endif

/*
 * Claim: madvise(MADV_DONTNEED) over a three-page private anonymous range whose middle page only is locked with mlock() fails with EINVAL.
 * Source: Linux man-pages madvise(2), ERRORS: "EINVAL advice is MADV_DONTNEED or MADV_REMOVE and the specified address range includes locked, Huge TLB pages, or VM_PFNMAP pages."
 * Covers: madvise(2) EINVAL "MADV_DONTNEED or MADV_REMOVE"
 * Tags: madvise mlock errno anonymous private extension privileges
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MADV_DONTNEED */
#include "mmapcheck.h"

#ifdef MADV_DONTNEED
int main(void)
{
	unsigned char *p;
	size_t pg;

	mc_begin();
	pg = mc_page_size();
	mc_require_lock_room(1);
	p = SAFE_MMAP(NULL, 3 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(p, 0xa5, 3 * pg);
	SAFE(mlock(p + pg, pg));	/* unlocked, locked, unlocked */
	/* Controls: each unlocked page alone is accepted, so only the locked one can refuse. */
	SAFE(madvise(p, pg, MADV_DONTNEED));
	SAFE(madvise(p + 2 * pg, pg, MADV_DONTNEED));

	MC_EXPECT_ERRNO(madvise(p, 3 * pg, MADV_DONTNEED), EINVAL);
	mc_observe("locked_byte_after", "0x%02x", p[pg]);
	SAFE(munlock(p + pg, pg));
	SAFE(munmap(p, 3 * pg));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MADV_DONTNEED is not defined on this platform");
}
#endif

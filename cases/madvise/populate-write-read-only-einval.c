/*
 * Claim: madvise(MADV_POPULATE_WRITE) over a read-only (PROT_READ) private anonymous mapping fails with EINVAL.
 * Source: Linux man-pages madvise(2), ERRORS: "EINVAL advice is MADV_POPULATE_READ or MADV_POPULATE_WRITE, but the specified address range includes ranges with insufficient permissions"
 * Covers: madvise(2) EINVAL "MADV_POPULATE_READ or MADV_POPULATE_WRITE"
 * Tags: madvise errno anonymous private extension
 * Requires: linux
 */
#include "mmapcheck.h"

#ifdef MADV_POPULATE_WRITE
int main(void)
{
	size_t len;
	char *p;

	mc_begin();
	len = 2 * mc_page_size();
	p = SAFE_MMAP(NULL, len, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	MC_EXPECT_ERRNO(madvise(p, len, MADV_POPULATE_WRITE), EINVAL);
	SAFE(munmap(p, len));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MADV_POPULATE_WRITE is not defined on this platform (Linux 5.14 and later)");
}
#endif

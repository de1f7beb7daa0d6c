/*
 * Claim: madvise() with an address that is not a multiple of the page size fails with EINVAL, even inside a mapping.
 * Source: Linux man-pages madvise(2), ERRORS: "EINVAL addr is not page-aligned or length is negative."
 * Covers: madvise(2) EINVAL "addr is not page-aligned"
 * Tags: madvise errno anonymous private
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS, madvise, MADV_NORMAL */
#include "mmapcheck.h"

int main(void)
{
	size_t len;
	char *p;

	mc_begin();
	len = 2 * mc_page_size();
	p = SAFE_MMAP(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	MC_EXPECT_ERRNO(madvise(p + 1, len - 1, MADV_NORMAL), EINVAL);
	SAFE(munmap(p, len));
	return mc_finish();
}

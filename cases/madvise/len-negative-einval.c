/*
 * Claim: madvise() with a length that is negative when read as a signed number ((size_t)-1) fails with EINVAL.
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

	MC_EXPECT_ERRNO(madvise(p, (size_t)-1, MADV_NORMAL), EINVAL);
	SAFE(munmap(p, len));
	return mc_finish();
}

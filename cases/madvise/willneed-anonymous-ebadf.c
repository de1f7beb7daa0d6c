/*
 * Claim: madvise(MADV_WILLNEED) over a private anonymous mapping, which maps no file, fails with EBADF.
 * Source: Linux man-pages madvise(2), ERRORS: "EBADF The map exists, but the area maps something that isn't a file."
 * Source: Linux man-pages madvise(2), MADV_WILLNEED: "Expect access in the near future. (Hence, it might be a good idea to read some pages ahead.)"
 * Covers: madvise(2) EBADF
 * Tags: madvise errno anonymous private extension
 * Requires: linux
 * Not-mutated: it fails on Linux (listed in expected/linux: with CONFIG_SWAP the kernel reads swap ahead and returns 0), so no mutant can turn a pass into a fail here
 */
#define _DEFAULT_SOURCE	/* MADV_WILLNEED */
#include "mmapcheck.h"

#if defined(__linux__) && defined(MADV_WILLNEED)
int main(void)
{
	size_t len;
	char *p;

	mc_begin();
	len = 2 * mc_page_size();
	p = SAFE_MMAP(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(p, 0xa5, len);

	MC_EXPECT_ERRNO(madvise(p, len, MADV_WILLNEED), EBADF);
	SAFE(munmap(p, len));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("the EBADF of MADV_WILLNEED on a non-file mapping is a Linux man-page claim; not a Linux build");
}
#endif

/*
 * Claim: mremap() with an old_size of 0 and without MREMAP_MAYMOVE fails with EINVAL, also on a shared mapping.
 * Source: Linux man-pages mremap(2), ERRORS: EINVAL "old_size was zero and the MREMAP_MAYMOVE flag was not specified"
 * Source: Linux man-pages mremap(2), DESCRIPTION: "If a new mapping is requested via this method, then the MREMAP_MAYMOVE flag must also be specified."
 * Covers: mremap(2) EINVAL
 * Tags: mremap errno anonymous shared extension
 * Requires: linux
 * Not-mutated: the claim fails on every Linux (ENOMEM, expected/linux), so no mutant can turn a pass into a fail on this kernel
 */
#define _GNU_SOURCE	/* MREMAP_MAYMOVE */
#include "mmapcheck.h"

#if defined(__linux__) && defined(MREMAP_MAYMOVE)
int main(void)
{
	size_t pg;
	char *p;

	mc_begin();
	pg = mc_page_size();
	/* Shared, so that old_size 0 would be allowed with MREMAP_MAYMOVE. */
	p = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	MC_EXPECT_MAP_ERRNO(mremap(p, 0, pg, 0), EINVAL);
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("mremap() is Linux-only; not available here");
}
#endif

/*
 * Claim: mremap() with MREMAP_DONTUNMAP on a MAP_SHARED file mapping fails with EINVAL.
 * Source: Linux man-pages mremap(2), ERRORS: EINVAL "MREMAP_DONTUNMAP was specified, but one or more pages in the range specified by old_address and old_size were not private anonymous"
 * Source: Linux man-pages mremap(2), MREMAP_DONTUNMAP: "The MREMAP_DONTUNMAP flag can be used only with private anonymous mappings"
 * Covers: mremap(2) EINVAL
 * Tags: mremap errno file shared extension
 * Requires: linux
 * Not-mutated: the claim fails on Linux since 5.13 (expected/linux), so no mutant can turn a pass into a fail on this kernel
 */
#define _GNU_SOURCE	/* MREMAP_DONTUNMAP */
#include "mmapcheck.h"

#if defined(__linux__) && defined(MREMAP_DONTUNMAP)
int main(void)
{
	size_t pg;
	char *p, *q;
	int fd;

	mc_begin();
	pg = mc_page_size();
	fd = SAFE(open(mc_file("f", 2 * pg, 'a'), O_RDWR));
	p = SAFE_MMAP(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

	/* With MREMAP_DONTUNMAP Linux reads new_address as a hint: pass NULL, not garbage. */
	MC_EXPECT_MAP_ERRNO(q = mremap(p, 2 * pg, 2 * pg, MREMAP_MAYMOVE | MREMAP_DONTUNMAP, NULL), EINVAL);
	if (q != MAP_FAILED)
		mc_observe("moved", "%s", q == p ? "no" : "yes");
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MREMAP_DONTUNMAP is not defined on this platform");
}
#endif

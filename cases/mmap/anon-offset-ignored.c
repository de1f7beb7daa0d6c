/*
 * Claim: On Linux, the offset of an anonymous mapping is ignored: a private and a shared MAP_ANONYMOUS mapping with a non-zero page-aligned offset both succeed and read as zero.
 * Source: Linux man-pages mmap(2), MAP_ANONYMOUS: "The mapping is not backed by any file; its contents are initialized to zero. ... The offset argument should be zero."
 * Source: Linux mm/mmap.c do_mmap(): for an anonymous MAP_SHARED mapping "pgoff = 0"; for MAP_PRIVATE "pgoff = addr >> PAGE_SHIFT" (the caller's offset is dropped)
 * Tags: mmap anonymous private shared
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"

#ifdef __linux__
int main(void)
{
	static const int types[] = { MAP_PRIVATE, MAP_SHARED };
	size_t pg, i, k, nonzero = 0;
	char *p;

	mc_begin();
	pg = mc_page_size();
	for (k = 0; k < ARRAY_SIZE(types); k++) {
		p = MC_EXPECT_MAP(NULL, 2 * pg, PROT_READ | PROT_WRITE, types[k] | MAP_ANONYMOUS, -1,
				  (off_t)(64 * pg));
		for (i = 0; i < 2 * pg; i++)
			nonzero += p[i] != 0;
		SAFE(munmap(p, 2 * pg));
	}
	mc_observe("nonzero_bytes", "%zu", nonzero);
	mc_check(nonzero == 0, "%zu bytes of the anonymous mappings are not zero", nonzero);
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("only Linux documents that the offset of an anonymous mapping is ignored");
}
#endif

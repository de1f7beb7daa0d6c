/*
 * Claim: mmap() accepts MAP_NORESERVE on a private writable anonymous mapping, which then reads as zero and keeps what is stored in it.
 * Source: Linux man-pages mmap(2), MAP_NORESERVE: "Do not reserve swap space for this mapping. When swap space is reserved, one has the guarantee that it is possible to modify the mapping."
 * Source: Linux man-pages proc(5), /proc/sys/vm/overcommit_memory: "In mode 0, calls of mmap(2) with MAP_NORESERVE are not checked" (the flag changes accounting, never whether the mapping works)
 * Tags: mmap anonymous private extension
 */
#define _DEFAULT_SOURCE	/* MAP_NORESERVE */
#include "mmapcheck.h"

#ifdef MAP_NORESERVE
int main(void)
{
	size_t len, i, nonzero = 0;
	char *p;

	mc_begin();
	len = 8 * mc_page_size();
	p = MC_EXPECT_MAP(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	for (i = 0; i < len; i++)
		nonzero += p[i] != 0;
	p[len / 2] = 'r';
	mc_observe("nonzero_bytes", "%zu", nonzero);
	mc_check(nonzero == 0, "%zu bytes of the new mapping are not zero", nonzero);
	mc_check(p[len / 2] == 'r', "a store did not stick");
	SAFE(munmap(p, len));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MAP_NORESERVE is not defined on this platform");
}
#endif

/*
 * Claim: mremap() with MREMAP_FIXED moves the mapping to exactly new_address, replacing the mapping that was there: the target then holds the moved contents.
 * Source: Linux man-pages mremap(2), MREMAP_FIXED: new_address "specifies a page-aligned address to which the mapping must be moved. Any previous mapping at the address range specified by new_address and new_size is unmapped."
 * Tags: mremap anonymous private extension
 * Requires: linux
 */
#define _GNU_SOURCE	/* MREMAP_FIXED */
#include "mmapcheck.h"

#if defined(__linux__) && defined(MREMAP_FIXED)
int main(void)
{
	size_t pg, i, wrong = 0;
	char *p, *t, *q;

	mc_begin();
	pg = mc_page_size();
	p = SAFE_MMAP(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	t = SAFE_MMAP(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(p, 's', 2 * pg);
	memset(t, 't', 2 * pg);

	MC_EXPECT_MAP_ERRNO(q = mremap(p, 2 * pg, 2 * pg, MREMAP_MAYMOVE | MREMAP_FIXED, t), 0);
	if (q == MAP_FAILED)
		return mc_finish();
	mc_observe("at_new_address", "%s", q == t ? "yes" : "no");
	mc_check(q == t, "returned %p, not new_address %p", (void *)q, (void *)t);
	for (i = 0; i < 2 * pg; i++)
		wrong += t[i] != 's';
	mc_observe("old_target_bytes_left", "%zu", wrong);
	mc_check(wrong == 0, "%zu of %zu bytes at new_address are not the moved contents", wrong, 2 * pg);
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("mremap() is Linux-only; not available here");
}
#endif

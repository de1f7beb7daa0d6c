/*
 * Claim: mremap() with an old_size of 0 and MREMAP_MAYMOVE on a MAP_SHARED mapping creates a second mapping of the same pages: a store through either is seen through the other.
 * Source: Linux man-pages mremap(2), DESCRIPTION: "If the value of old_size is zero, and old_address refers to a shareable mapping (see mmap(2) MAP_SHARED), then mremap() will create a new mapping of the same pages."
 * Tags: mremap anonymous shared coherence extension
 * Requires: linux
 */
#define _GNU_SOURCE	/* MREMAP_MAYMOVE */
#include "mmapcheck.h"

#if defined(__linux__) && defined(MREMAP_MAYMOVE)
int main(void)
{
	size_t pg;
	char *p, *q;

	mc_begin();
	pg = mc_page_size();
	p = SAFE_MMAP(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	p[0] = 'a';

	MC_EXPECT_MAP_ERRNO(q = mremap(p, 0, 2 * pg, MREMAP_MAYMOVE), 0);
	if (q == MAP_FAILED)
		return mc_finish();
	mc_check(q != p, "the second mapping is at the old address %p", (void *)p);
	mc_check(p[0] == 'a', "the original mapping lost its byte: 0x%02x", (unsigned char)p[0]);
	mc_observe("second_sees_old", "0x%02x", (unsigned char)q[0]);
	q[pg] = 'b';		/* the other way round, on the second page */
	mc_observe("first_sees_new", "0x%02x", (unsigned char)p[pg]);
	mc_check(q[0] == 'a' && p[pg] == 'b', "not the same pages: second mapping reads 0x%02x, first reads 0x%02x",
		 (unsigned char)q[0], (unsigned char)p[pg]);
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("mremap() is Linux-only; not available here");
}
#endif

/*
 * Claim: mremap() with MREMAP_MAYMOVE does not relocate a mapping whose following pages are free: growing it returns the old address.
 * Source: Linux man-pages mremap(2), MREMAP_MAYMOVE: "the kernel is permitted to relocate the mapping to a new virtual address, if necessary"
 * Source: Linux man-pages mremap(2), NOTES: mremap() "can be used to implement a very efficient realloc(3)"
 * Tags: mremap anonymous private extension
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
	/* Reserve four pages, give back the last three: room right after p. */
	p = SAFE_MMAP(NULL, 4 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	SAFE(munmap(p + pg, 3 * pg));
	p[0] = 'a';

	MC_EXPECT_MAP_ERRNO(q = mremap(p, pg, 4 * pg, MREMAP_MAYMOVE), 0);
	if (q == MAP_FAILED)
		return mc_finish();
	mc_observe("moved", "%s", q == p ? "no" : "yes");
	mc_check(q == p, "growing into free pages moved the mapping from %p to %p", (void *)p, (void *)q);
	mc_check(q[0] == 'a', "the grown mapping reads 0x%02x, not 'a'", (unsigned char)q[0]);
	mc_check(mc_probe_read(q + 3 * pg).signo == 0, "the last page of the grown mapping does not read: not grown");
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("mremap() is Linux-only; not available here");
}
#endif

/*
 * Claim: mremap() without MREMAP_MAYMOVE grows a mapping in place when the pages after it are free: it returns the same address, the old contents stay and the new pages are usable.
 * Source: Linux man-pages mremap(2), MREMAP_MAYMOVE: "By default, if there is not sufficient space to expand a mapping at its current location, then mremap() fails."; so with space it expands at the current location
 * Source: Linux man-pages mremap(2), DESCRIPTION: "mremap() expands (or shrinks) an existing memory mapping"
 * Tags: mremap anonymous private extension
 * Requires: linux
 */
#define _GNU_SOURCE	/* MREMAP_MAYMOVE */
#include "mmapcheck.h"

#if defined(__linux__) && defined(MREMAP_MAYMOVE)
int main(void)
{
	struct mc_status st;
	size_t pg;
	char *p, *q;

	mc_begin();
	pg = mc_page_size();
	/* Reserve four pages, give back the last three: free space right after p. */
	p = SAFE_MMAP(NULL, 4 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	SAFE(munmap(p + pg, 3 * pg));
	p[0] = 'a';

	MC_EXPECT_MAP_ERRNO(q = mremap(p, pg, 4 * pg, 0), 0);
	if (q == MAP_FAILED)
		return mc_finish();
	mc_observe("same_address", "%s", q == p ? "yes" : "no");
	mc_check(q == p, "growing in place returned %p, not %p", (void *)q, (void *)p);
	mc_check(p[0] == 'a', "the first page lost its contents: 0x%02x", (unsigned char)p[0]);
	st = mc_probe_write(p + 3 * pg);	/* the last new page */
	mc_observe_status(st);
	mc_check(st.signo == 0, "writing the grown part gave %s", mc_signal_name(st.signo));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("mremap() is Linux-only; not available here");
}
#endif

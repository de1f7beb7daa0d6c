/*
 * Claim: mremap() that shrinks a mapping returns the same address, and a reference to the cut-off tail then raises SIGSEGV.
 * Source: Linux man-pages mremap(2), DESCRIPTION: "mremap() expands (or shrinks) an existing memory mapping"; only MREMAP_MAYMOVE permits relocation, and it is not given here
 * Source: Linux man-pages mremap(2), NOTES: "Accessing virtual memory outside of the segments will also cause a segmentation violation."
 * Tags: mremap anonymous private signal extension
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
	p = SAFE_MMAP(NULL, 4 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(p, 'a', 4 * pg);

	MC_EXPECT_MAP_ERRNO(q = mremap(p, 4 * pg, pg, 0), 0);
	if (q == MAP_FAILED)
		return mc_finish();
	mc_observe("same_address", "%s", q == p ? "yes" : "no");
	mc_check(q == p, "shrinking returned %p, not the old address %p", (void *)q, (void *)p);
	st = mc_probe_read(p + 2 * pg);	/* inside the removed tail */
	mc_observe_status(st);
	mc_check(st.signo == SIGSEGV, "reading the removed tail gave %s, not SIGSEGV",
		 mc_signal_name(st.signo));
	mc_check(p[0] == 'a', "the kept page changed: 0x%02x", (unsigned char)p[0]);
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("mremap() is Linux-only; not available here");
}
#endif

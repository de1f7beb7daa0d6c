/*
 * Claim: mremap() with MREMAP_MAYMOVE, when a mapping right after blocks growth in place, returns a new address and leaves the old range unmapped (a reference raises SIGSEGV).
 * Source: Linux man-pages mremap(2), MREMAP_MAYMOVE: "the kernel is permitted to relocate the mapping to a new virtual address, if necessary. If the mapping is relocated, then absolute pointers into the old mapping location become invalid"
 * Source: Linux man-pages mremap(2), MREMAP_DONTUNMAP: the flag "remaps a mapping to a new address but does not unmap the mapping at old_address"; without it, the old one is unmapped
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
	/* Two pages, the second made PROT_NONE: a separate mapping that blocks growth. */
	p = SAFE_MMAP(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	SAFE(mprotect(p + pg, pg, PROT_NONE));
	p[0] = 'a';

	MC_EXPECT_MAP_ERRNO(q = mremap(p, pg, 4 * pg, MREMAP_MAYMOVE), 0);
	if (q == MAP_FAILED)
		return mc_finish();
	mc_observe("moved", "%s", q == p ? "no" : "yes");
	mc_check(q != p, "growth blocked by the next mapping, yet mremap() returned the old address");
	mc_check(q[0] == 'a', "the moved page reads 0x%02x, not 'a'", (unsigned char)q[0]);
	if (q != p) {
		st = mc_probe_read(p);
		mc_observe_status(st);
		mc_check(st.signo == SIGSEGV, "reading the old address after the move gave %s, not SIGSEGV",
			 mc_signal_name(st.signo));
	}
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("mremap() is Linux-only; not available here");
}
#endif

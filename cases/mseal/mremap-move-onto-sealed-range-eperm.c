/*
 * Claim: mremap() with MREMAP_MAYMOVE|MREMAP_FIXED moving another mapping onto a sealed range fails with EPERM: the sealed range keeps its contents and the source stays where it was.
 * Source: Linux Documentation/userspace-api/mseal.rst, "Blocked mm syscall for sealed mapping": "Blocked mm syscall: ... - mremap" and "Kernel will return -EPERM for blocked syscalls."
 * Source: Linux mm/mseal.c (comment above do_mseal()): blocked after sealing: "Moving or expanding a different vma into the current location, via mremap()."
 * Covers: mseal(kernel) EPERM "mremap"
 * Tags: mseal mremap errno anonymous private extension
 * Requires: linux
 * Claim-call: mseal
 */
#define _GNU_SOURCE	/* mremap, MREMAP_MAYMOVE, MREMAP_FIXED */
#include "mmapcheck.h"

#ifdef __linux__
int main(void)
{
	size_t pg;
	char *p, *s;
	void *q;

	mc_begin();
	pg = mc_page_size();
	p = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	s = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	p[0] = 'p';
	s[0] = 's';
	mc_seal(p, pg, "p, 1 page");

	if (MC_EXPECT_MAP_ERRNO(q = mremap(s, pg, pg, MREMAP_MAYMOVE | MREMAP_FIXED, p), EPERM) == 0
	    && q != MAP_FAILED) {
		mc_observe("sealed_byte", "%c", p[0]);	/* the source's page replaced it */
		return mc_finish();
	}
	mc_observe("sealed_byte", "%c", p[0]);
	mc_observe("source_byte", "%c", s[0]);
	mc_check(p[0] == 'p' && s[0] == 's', "after the refused move the sealed page holds '%c' and the source '%c'",
		 p[0], s[0]);
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("mseal() is a Linux interface (6.10); not available here");
}
#endif

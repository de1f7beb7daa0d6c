/*
 * Claim: mremap() with MREMAP_MAYMOVE|MREMAP_FIXED moving a sealed mapping elsewhere fails with EPERM: the sealed range keeps its contents and the target keeps its own.
 * Source: Linux Documentation/userspace-api/mseal.rst, "Blocked mm syscall for sealed mapping": "Blocked mm syscall: ... - mremap" and "Kernel will return -EPERM for blocked syscalls."
 * Source: Linux mm/mseal.c (comment above do_mseal()): "Unmapping, moving to another location, and shrinking the size, via munmap() and mremap()"
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
	char *p, *t;
	void *q;

	mc_begin();
	pg = mc_page_size();
	p = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	t = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	p[0] = 's';
	t[0] = 't';
	mc_seal(p, pg, "p, 1 page");

	if (MC_EXPECT_MAP_ERRNO(q = mremap(p, pg, pg, MREMAP_MAYMOVE | MREMAP_FIXED, t), EPERM) == 0
	    && q != MAP_FAILED)
		return mc_finish();	/* moved: p is a hole now */
	mc_observe("sealed_byte", "%c", p[0]);
	mc_observe("target_byte", "%c", t[0]);
	mc_check(p[0] == 's' && t[0] == 't', "after the refused move the sealed page holds '%c' and the target '%c'",
		 p[0], t[0]);
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("mseal() is a Linux interface (6.10); not available here");
}
#endif

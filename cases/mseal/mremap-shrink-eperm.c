/*
 * Claim: mremap() shrinking a sealed range fails with EPERM and the tail it would have dropped stays mapped with its contents.
 * Source: Linux Documentation/userspace-api/mseal.rst, "Blocked mm syscall for sealed mapping": "Blocked mm syscall: ... - mremap" and "Kernel will return -EPERM for blocked syscalls."
 * Source: Linux mm/mseal.c (comment above do_mseal()): "Unmapping, moving to another location, and shrinking the size, via munmap() and mremap()"
 * Covers: mseal(kernel) EPERM "mremap"
 * Tags: mseal mremap errno anonymous private extension
 * Requires: linux
 * Claim-call: mseal
 */
#define _GNU_SOURCE	/* mremap */
#include "mmapcheck.h"

#ifdef __linux__
int main(void)
{
	size_t pg, i, wrong = 0;
	char *p;
	void *q;

	mc_begin();
	pg = mc_page_size();
	p = SAFE_MMAP(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(p, 's', 2 * pg);
	mc_seal(p, 2 * pg, "p, 2 pages");

	if (MC_EXPECT_MAP_ERRNO(q = mremap(p, 2 * pg, pg, 0), EPERM) == 0 && q != MAP_FAILED)
		return mc_finish();	/* shrunk: the tail is gone */
	for (i = 0; i < pg; i++)
		wrong += p[pg + i] != 's';
	mc_observe("tail_bytes_changed", "%zu", wrong);
	mc_check(wrong == 0, "%zu of %zu bytes of the second page changed", wrong, pg);
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("mseal() is a Linux interface (6.10); not available here");
}
#endif

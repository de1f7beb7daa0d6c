/*
 * Claim: mmap() with MAP_FIXED over a sealed range fails with EPERM and the sealed range keeps its contents.
 * Source: Linux Documentation/userspace-api/mseal.rst, "Blocked mm syscall for sealed mapping": "Blocked mm syscall: ... - mmap" and "Kernel will return -EPERM for blocked syscalls."
 * Source: Linux mm/mseal.c (comment above do_mseal()): blocked after sealing: "Modifying a VMA via mmap(MAP_FIXED)."
 * Covers: mseal(kernel) EPERM "mmap"
 * Tags: mseal mmap errno anonymous private extension
 * Requires: linux
 * Claim-call: mseal
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
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

	if (MC_EXPECT_MAP_ERRNO(q = mmap(p, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0), EPERM) == 0
	    && q != MAP_FAILED)
		return mc_finish();	/* replaced by zero pages */
	for (i = 0; i < 2 * pg; i++)
		wrong += p[i] != 's';
	mc_observe("bytes_changed", "%zu", wrong);
	mc_check(wrong == 0, "%zu of %zu bytes of the sealed range changed", wrong, 2 * pg);
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("mseal() is a Linux interface (6.10); not available here");
}
#endif

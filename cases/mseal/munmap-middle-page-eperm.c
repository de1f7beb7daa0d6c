/*
 * Claim: munmap() of one page in the middle of a sealed range fails with EPERM and the page stays mapped with its contents.
 * Source: Linux Documentation/userspace-api/mseal.rst, "Blocked mm syscall for sealed mapping": "Blocked mm syscall: - munmap" and "Kernel will return -EPERM for blocked syscalls."
 * Source: Linux mm/mseal.c (comment above do_mseal()): blocked after sealing: "Unmapping, moving to another location, and shrinking the size, via munmap() and mremap(), can leave an empty space"
 * Covers: mseal(kernel) EPERM "munmap"
 * Tags: mseal munmap errno anonymous private extension
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
	int err;

	mc_begin();
	pg = mc_page_size();
	p = SAFE_MMAP(NULL, 3 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(p, 's', 3 * pg);
	mc_seal(p, 3 * pg, "p, 3 pages");

	err = munmap(p + pg, pg) == -1 ? errno : 0;
	mc_expect_errno(err, EPERM, "munmap(the middle page of the sealed range)");
	if (err == 0)
		return mc_finish();	/* a hole now: nothing to read there */
	for (i = 0; i < pg; i++)
		wrong += p[pg + i] != 's';
	mc_observe("bytes_changed", "%zu", wrong);
	mc_check(wrong == 0, "%zu of %zu bytes of the middle page changed", wrong, pg);
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("mseal() is a Linux interface (6.10); not available here");
}
#endif

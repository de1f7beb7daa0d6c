/*
 * Claim: munmap() of a whole sealed range fails with EPERM and leaves it mapped with its contents.
 * Source: Linux Documentation/userspace-api/mseal.rst, "Blocked mm syscall for sealed mapping": "Blocked mm syscall: - munmap" and "Kernel will return -EPERM for blocked syscalls."
 * Source: Linux Documentation/userspace-api/mseal.rst: "munmap: munmap is atomic. If one of VMAs in the given range is sealed, none of VMAs are updated."
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
	p = SAFE_MMAP(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(p, 's', 2 * pg);
	mc_seal(p, 2 * pg, "p, 2 pages");

	err = munmap(p, 2 * pg) == -1 ? errno : 0;
	mc_expect_errno(err, EPERM, "munmap(the sealed range)");
	if (err == 0)
		return mc_finish();	/* unmapped: nothing left to read */
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

/*
 * Claim: munmap() of a range of which only the last page is sealed fails with EPERM and unmaps nothing: the unsealed first page stays mapped with its contents.
 * Source: Linux Documentation/userspace-api/mseal.rst, "Blocked mm syscall for sealed mapping": "munmap: munmap is atomic. If one of VMAs in the given range is sealed, none of VMAs are updated."
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
	memset(p, 'u', 2 * pg);
	mc_seal(p + pg, pg, "the second page, 1 page");

	err = munmap(p, 2 * pg) == -1 ? errno : 0;
	mc_expect_errno(err, EPERM, "munmap(an unsealed page and a sealed one)");
	if (err == 0)
		return mc_finish();
	for (i = 0; i < pg; i++)	/* a fault here would mean the first page went */
		wrong += p[i] != 'u';
	mc_observe("unsealed_bytes_changed", "%zu", wrong);
	mc_check(wrong == 0, "%zu of %zu bytes of the unsealed first page changed", wrong, pg);
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("mseal() is a Linux interface (6.10); not available here");
}
#endif

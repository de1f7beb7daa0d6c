/*
 * Claim: mseal() of a range that spans two adjacent mappings with different protections succeeds and seals both: munmap() of either fails with EPERM.
 * Source: Linux Documentation/userspace-api/mseal.rst, "mseal syscall signature": the range must have its start and end "in an allocated VMA" and "no gap (unallocated memory) between start and end address" (several VMAs are allowed)
 * Source: Linux mm/mseal.c mseal_apply(): sets VM_SEALED on each VMA in the range
 * Tags: mseal munmap anonymous private extension procfs
 * Requires: linux
 * Claim-call: mseal
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"

#ifdef __linux__
int main(void)
{
	size_t pg;
	char *p, perms[5];
	uintptr_t start, end;
	int err, first, second;
	long r;

	mc_begin();
	pg = mc_page_size();
	p = SAFE_MMAP(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	SAFE(mprotect(p + pg, pg, PROT_READ));	/* two mappings now: rw- and r-- */
	if (!mc_maps_entry(p, &start, &end, perms) || end != (uintptr_t)p + pg)
		mc_broken("the first page is not a mapping of its own in /proc/self/maps");
	r = mc_mseal(p, 2 * pg, 0);
	err = r == -1 ? errno : 0;
	mc_require_call(r, "mseal", "6.10");
	mc_expect_errno(err, 0, "mseal(two mappings, 0)");
	if (err)
		return mc_finish();
	first = munmap(p, pg) == -1 ? errno : 0;
	second = munmap(p + pg, pg) == -1 ? errno : 0;
	mc_observe("first_munmap", "%s", mc_errno_name(first));
	mc_observe("second_munmap", "%s", mc_errno_name(second));
	mc_check(first == EPERM && second == EPERM, "munmap() of the first mapping: %s, of the second: %s (want EPERM twice)",
		 mc_errno_name(first), mc_errno_name(second));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("mseal() is a Linux interface (6.10); not available here");
}
#endif

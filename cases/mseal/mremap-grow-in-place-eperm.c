/*
 * Claim: mremap() growing a sealed mapping in place, into free address space after it, fails with EPERM and the mapping keeps its size.
 * Source: Linux Documentation/userspace-api/mseal.rst, "Blocked mm syscall for sealed mapping": "Blocked mm syscall: ... - mremap" and "Kernel will return -EPERM for blocked syscalls."
 * Source: Linux mm/mseal.c (comment above do_mseal()): "Size expansion, via mremap(), does not appear to pose any specific risks to sealed VMAs. It is included anyway"
 * Covers: mseal(kernel) EPERM "mremap"
 * Tags: mseal mremap errno anonymous private extension procfs
 * Requires: linux
 * Claim-call: mseal
 */
#define _GNU_SOURCE	/* mremap */
#include "mmapcheck.h"

#ifdef __linux__
int main(void)
{
	size_t pg;
	char *p, perms[5];
	uintptr_t start, end;
	void *q;

	mc_begin();
	pg = mc_page_size();
	p = SAFE_MMAP(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	SAFE(munmap(p + pg, pg));	/* room to grow into, in this single-threaded process */
	mc_seal(p, pg, "p, 1 page");

	MC_EXPECT_MAP_ERRNO(q = mremap(p, pg, 2 * pg, 0), EPERM);
	if (!mc_maps_entry(p, &start, &end, perms))
		mc_broken("the sealed page at %p is not in /proc/self/maps", (void *)p);
	mc_observe("mapping_pages", "%zu", (size_t)(end - (uintptr_t)p) / pg);
	mc_check(end == (uintptr_t)p + pg, "the mapping now ends %zu bytes after p, not 1 page",
		 (size_t)(end - (uintptr_t)p));
	(void)q;
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("mseal() is a Linux interface (6.10); not available here");
}
#endif

/*
 * Claim: mmap() with MAP_FIXED at an address near the top of the address range, above where user mappings can go, fails with ENOMEM.
 * Source: Linux man-pages mmap(2), ERRORS: "ENOMEM We don't like addr, because it exceeds the virtual address space of the CPU."
 * Source: POSIX.1-2017 mmap(), ERRORS: "[ENOMEM] MAP_FIXED was specified, and the range [addr,addr+len) exceeds that allowed for the address space of a process"
 * Covers: mmap(2) ENOMEM "exceeds the virtual address space"
 * Tags: mmap errno anonymous
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"

int main(void)
{
	unsigned char *top;
	size_t pg;
	void *p;

	mc_begin();
	pg = mc_page_size();
	/* FreeBSD documents EINVAL for a MAP_FIXED range outside the user address space: the errno line records it. */
	top = mc_above_user_space(pg);

	MC_EXPECT_MAP_ERRNO(p = mmap(top, pg, PROT_READ | PROT_WRITE,
				     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0), ENOMEM);
	mc_observe("placed", "%s", p == MAP_FAILED ? "nowhere" : p == top ? "at-addr" : "elsewhere");
	if (p != MAP_FAILED)
		munmap(p, pg);
	return mc_finish();
}

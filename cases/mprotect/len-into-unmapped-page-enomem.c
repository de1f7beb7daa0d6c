/*
 * Claim: mprotect() of a mapped page with a length one byte longer than the page fails with ENOMEM when the next page is not mapped: the length reaches into that page.
 * Source: Linux man-pages mprotect(2), ERRORS: "ENOMEM Addresses in the range [addr, addr+size-1] are invalid for the address space of the process, or specify one or more pages that are not mapped."
 * Source: POSIX.1-2017 mprotect(), DESCRIPTION: "for those whole pages containing any part of the address space of the process starting at address addr and continuing for len bytes"
 * Covers: mprotect(2) ENOMEM "one or more pages that are not mapped"
 * Tags: mprotect errno anonymous private
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"

int main(void)
{
	size_t pg;
	char *p;

	mc_begin();
	pg = mc_page_size();
	p = SAFE_MMAP(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	SAFE(munmap(p + pg, pg));	/* mapped, hole */
	/* Control: the mapped page alone, a whole page long, is accepted. */
	SAFE(mprotect(p, pg, PROT_READ | PROT_WRITE));

	MC_EXPECT_ERRNO(mprotect(p, pg + 1, PROT_READ), ENOMEM);
	SAFE(munmap(p, pg));
	return mc_finish();
}

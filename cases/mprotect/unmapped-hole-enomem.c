/*
 * Claim: mprotect() over a range with an unmapped page in its middle fails with ENOMEM.
 * Source: Linux man-pages mprotect(2), ERRORS: "ENOMEM Addresses in the range [addr, addr+len-1] are invalid for the address space of the process, or specify one or more pages that are not mapped."
 * Source: POSIX.1-2017 mprotect(), ERRORS, [ENOMEM] "... or specify one or more pages which are not mapped"
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
	p = SAFE_MMAP(NULL, 3 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	SAFE(munmap(p + pg, pg));	/* mapped, hole, mapped */

	MC_EXPECT_ERRNO(mprotect(p, 3 * pg, PROT_READ), ENOMEM);
	return mc_finish();
}

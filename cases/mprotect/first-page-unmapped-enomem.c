/*
 * Claim: mprotect() over a range whose first page is not mapped fails with ENOMEM, although the pages after it are mapped.
 * Source: Linux man-pages mprotect(2), ERRORS: "ENOMEM Addresses in the range [addr, addr+size-1] are invalid for the address space of the process, or specify one or more pages that are not mapped."
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
	SAFE(munmap(p, pg));	/* hole, mapped, mapped */
	/* Control: the mapped rest alone is accepted, so only the first page can refuse. */
	SAFE(mprotect(p + pg, 2 * pg, PROT_READ | PROT_WRITE));

	MC_EXPECT_ERRNO(mprotect(p, 3 * pg, PROT_READ), ENOMEM);
	SAFE(munmap(p + pg, 2 * pg));
	return mc_finish();
}

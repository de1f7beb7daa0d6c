/*
 * Claim: munlock() of a range whose first page is not mapped fails with ENOMEM, although the pages after it are mapped and locked.
 * Source: Linux man-pages mlock(2), ERRORS: "ENOMEM (mlock(), mlock2(), and munlock()) Some of the specified address range does not correspond to mapped pages in the address space of the process."
 * Source: POSIX.1-2017 munlock(), ERRORS, [ENOMEM] "Some or all of the address range specified by the addr and len arguments does not correspond to valid mapped pages"
 * Covers: mlock(2) ENOMEM "does not correspond to mapped pages"
 * Tags: mlock errno anonymous privileges
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"

int main(void)
{
	size_t pg;
	char *p;

	mc_begin();
	pg = mc_page_size();
	mc_require_lock_room(2);
	p = SAFE_MMAP(NULL, 3 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	SAFE(munmap(p, pg));	/* hole, mapped, mapped */
	SAFE(mlock(p + pg, 2 * pg));

	MC_EXPECT_ERRNO(munlock(p, 3 * pg), ENOMEM);
	SAFE(munmap(p + pg, 2 * pg));
	return mc_finish();
}

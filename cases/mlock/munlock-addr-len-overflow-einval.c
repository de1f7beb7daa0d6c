/*
 * Claim: munlock() with a length such that addr+len wraps around the end of the address space fails with EINVAL.
 * Source: Linux man-pages mlock(2), ERRORS: "EINVAL (mlock(), mlock2(), and munlock()) The result of the addition addr+len was less than addr"
 * Source: FreeBSD munlock(2), ERRORS: [EINVAL] "The address range given wraps around zero"
 * Covers: mlock(2) EINVAL "was less than addr"
 * Tags: mlock errno anonymous
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"

int main(void)
{
	size_t pg;
	char *p;

	mc_begin();
	pg = mc_page_size();
	p = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	/* From the page at p to two pages past the wrap: no limit applies to unlocking. */
	MC_EXPECT_ERRNO(munlock(p, (size_t)0 - (uintptr_t)p + 2 * pg), EINVAL);
	return mc_finish();
}

/*
 * Claim: madvise() over a page just below the top of the address space, where no process can map anything, fails with ENOMEM.
 * Source: Linux man-pages madvise(2), ERRORS: "ENOMEM Addresses in the specified range are not currently mapped, or are outside the address space of the process."
 * Covers: madvise(2) ENOMEM "not currently mapped"
 * Tags: madvise errno
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* madvise, MADV_NORMAL */
#include "mmapcheck.h"

int main(void)
{
	size_t pg;
	char *top;

	mc_begin();
	pg = mc_page_size();
	/* The last page but one: kernel space on every Linux architecture. */
	top = (char *)(uintptr_t)(0 - (uintptr_t)(2 * pg));

	MC_EXPECT_ERRNO(madvise(top, pg, MADV_NORMAL), ENOMEM);
	return mc_finish();
}

/*
 * Claim: madvise() over a range that was unmapped with munmap() fails with ENOMEM.
 * Source: Linux man-pages madvise(2), ERRORS: "ENOMEM Addresses in the specified range are not currently mapped, or are outside the address space of the process."
 * Covers: madvise(2) ENOMEM "not currently mapped"
 * Tags: madvise errno anonymous private
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS, madvise, MADV_NORMAL */
#include "mmapcheck.h"

int main(void)
{
	size_t len;
	char *p;

	mc_begin();
	len = 2 * mc_page_size();
	p = SAFE_MMAP(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	SAFE(munmap(p, len));

	MC_EXPECT_ERRNO(madvise(p, len, MADV_NORMAL), ENOMEM);
	return mc_finish();
}

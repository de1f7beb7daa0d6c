/*
 * Claim: mremap() fails with EFAULT when the old range runs past the end of its mapping into unmapped addresses.
 * Source: Linux man-pages mremap(2), ERRORS: "EFAULT Some address in the range old_address to old_address+old_size is an invalid virtual memory address for this process."
 * Covers: mremap(2) EFAULT
 * Tags: mremap errno anonymous private extension
 * Requires: linux
 */
#define _GNU_SOURCE	/* MREMAP_MAYMOVE */
#include "mmapcheck.h"

#if defined(__linux__) && defined(MREMAP_MAYMOVE)
int main(void)
{
	size_t pg;
	char *p;

	mc_begin();
	pg = mc_page_size();
	/* Two pages, the second unmapped: old_address is mapped, old_address+pg is not. */
	p = SAFE_MMAP(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	SAFE(munmap(p + pg, pg));

	MC_EXPECT_MAP_ERRNO(mremap(p, 2 * pg, 4 * pg, MREMAP_MAYMOVE), EFAULT);
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("mremap() is Linux-only; not available here");
}
#endif

/*
 * Claim: madvise(MADV_FREE) over a MAP_SHARED anonymous mapping fails with EINVAL.
 * Source: Linux man-pages madvise(2), ERRORS: "EINVAL advice is MADV_FREE or MADV_WIPEONFORK but the specified address range includes file, Huge TLB, MAP_SHARED, or VM_PFNMAP ranges."
 * Source: Linux man-pages madvise(2), MADV_FREE: "The MADV_FREE operation can be applied only to private anonymous pages"
 * Covers: madvise(2) EINVAL "MADV_FREE or MADV_WIPEONFORK"
 * Tags: madvise errno anonymous shared extension
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MADV_FREE */
#include "mmapcheck.h"

#if defined(__linux__) && defined(MADV_FREE)
int main(void)
{
	size_t len;
	char *p;

	mc_begin();
	len = 2 * mc_page_size();
	p = SAFE_MMAP(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	memset(p, 0xa5, len);

	MC_EXPECT_ERRNO(madvise(p, len, MADV_FREE), EINVAL);
	mc_observe("byte0_after", "0x%02x", (unsigned char)p[0]);
	SAFE(munmap(p, len));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MADV_FREE with Linux's restriction to private anonymous memory; not a Linux build");
}
#endif

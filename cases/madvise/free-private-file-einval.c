/*
 * Claim: madvise(MADV_FREE) over a MAP_PRIVATE mapping of a regular file fails with EINVAL.
 * Source: Linux man-pages madvise(2), ERRORS: "EINVAL advice is MADV_FREE or MADV_WIPEONFORK but the specified address range includes file, Huge TLB, MAP_SHARED, or VM_PFNMAP ranges."
 * Source: Linux man-pages madvise(2), MADV_FREE: "The MADV_FREE operation can be applied only to private anonymous pages"
 * Covers: madvise(2) EINVAL "MADV_FREE or MADV_WIPEONFORK"
 * Tags: madvise errno file private extension
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MADV_FREE */
#include "mmapcheck.h"

#if defined(__linux__) && defined(MADV_FREE)
int main(void)
{
	size_t len;
	char *p;
	int fd;

	mc_begin();
	len = 2 * mc_page_size();
	fd = (int)SAFE(open(mc_file("f", len, 'f'), O_RDWR));
	p = SAFE_MMAP(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	memset(p, 'x', len);	/* private copies: the anonymous pages of a file mapping */

	MC_EXPECT_ERRNO(madvise(p, len, MADV_FREE), EINVAL);
	SAFE(munmap(p, len));
	SAFE(close(fd));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MADV_FREE with Linux's restriction to private anonymous memory; not a Linux build");
}
#endif

/*
 * Claim: madvise(MADV_REMOVE) over a MAP_PRIVATE writable mapping of a regular file fails with EACCES.
 * Source: Linux man-pages madvise(2), ERRORS: "EACCES advice is MADV_REMOVE, but the specified address range is not a shared writable mapping."
 * Source: Linux man-pages madvise(2), MADV_REMOVE: "The specified address range must be mapped shared and writable."
 * Covers: madvise(2) EACCES
 * Tags: madvise errno file private extension
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MADV_REMOVE */
#include "mmapcheck.h"

#ifdef MADV_REMOVE
int main(void)
{
	size_t pg, len;
	char *p;
	int fd;

	mc_begin();
	pg = mc_page_size();
	len = 2 * pg;
	fd = (int)SAFE(open(mc_file("f", len, 'f'), O_RDWR));
	p = SAFE_MMAP(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	p[0] = 'x';	/* a private copy-on-write page in the range */

	MC_EXPECT_ERRNO(madvise(p, len, MADV_REMOVE), EACCES);
	mc_observe("byte0_after", "0x%02x", (unsigned char)p[0]);
	SAFE(munmap(p, len));
	SAFE(close(fd));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MADV_REMOVE is not defined on this platform");
}
#endif

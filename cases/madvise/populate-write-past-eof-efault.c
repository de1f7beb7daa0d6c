/*
 * Claim: madvise(MADV_POPULATE_WRITE) over a shared file mapping whose second page lies wholly past the end of the file fails with EFAULT.
 * Source: Linux man-pages madvise(2), ERRORS: "EFAULT advice is MADV_POPULATE_READ or MADV_POPULATE_WRITE, and populating (prefaulting) page tables failed because a SIGBUS would have been generated on actual memory access"
 * Source: Linux man-pages mmap(2), ERRORS/SIGBUS: "Attempted access to a page of the buffer that lies beyond the end of the mapped file"
 * Covers: madvise(2) EFAULT
 * Tags: madvise errno file shared extension
 * Requires: linux
 */
#include "mmapcheck.h"

#ifdef MADV_POPULATE_WRITE
int main(void)
{
	size_t pg;
	char *p;
	int fd;

	mc_begin();
	pg = mc_page_size();
	fd = (int)SAFE(open(mc_file("f", pg, 'f'), O_RDWR));	/* one page of file */
	p = SAFE_MMAP(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

	MC_EXPECT_ERRNO(madvise(p, 2 * pg, MADV_POPULATE_WRITE), EFAULT);
	SAFE(munmap(p, 2 * pg));
	SAFE(close(fd));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MADV_POPULATE_WRITE is not defined on this platform (Linux 5.14 and later)");
}
#endif

/*
 * Claim: madvise(MADV_POPULATE_READ) over a shared file mapping whose second page lies wholly past the end of the file fails with EFAULT.
 * Source: Linux man-pages madvise(2), ERRORS: "EFAULT advice is MADV_POPULATE_READ or MADV_POPULATE_WRITE, and populating (prefaulting) page tables failed because a SIGBUS would have been generated on actual memory access"
 * Source: Linux man-pages mmap(2), ERRORS/SIGBUS: "Attempted access to a page of the buffer that lies beyond the end of the mapped file"
 * Covers: madvise(2) EFAULT
 * Tags: madvise errno file shared extension
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS, madvise, MADV_POPULATE_READ */
#include "mmapcheck.h"

#if defined(__linux__) && !defined(MADV_POPULATE_READ)
#define MADV_POPULATE_READ 22	/* <asm-generic/mman-common.h> of Linux 5.14; older C library headers lack it */
#define MADV_POPULATE_WRITE 23
#endif

#ifdef MADV_POPULATE_READ
/* Kernels before 5.14 reject the advice itself with EINVAL: then nothing here can be told. */
static void require_populate(int advice)
{
	size_t pg = mc_page_size();
	void *q = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int err = madvise(q, pg, advice) == 0 ? 0 : errno;

	SAFE(munmap(q, pg));
	if (err)
		mc_skip("the advice fails on a plain anonymous page (%s): not provided here (Linux added it in 5.14)",
			mc_errno_name(err));
}

int main(void)
{
	size_t pg;
	char *p;
	int fd;

	mc_begin();
	require_populate(MADV_POPULATE_READ);
	pg = mc_page_size();
	fd = (int)SAFE(open(mc_file("f", pg, 'f'), O_RDWR));	/* one page of file */
	p = SAFE_MMAP(NULL, 2 * pg, PROT_READ, MAP_SHARED, fd, 0);

	MC_EXPECT_ERRNO(madvise(p, 2 * pg, MADV_POPULATE_READ), EFAULT);
	SAFE(munmap(p, 2 * pg));
	SAFE(close(fd));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MADV_POPULATE_READ is not defined on this platform (Linux 5.14 and later)");
}
#endif

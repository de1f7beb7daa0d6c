/*
 * Claim: madvise(MADV_REMOVE) over a shared writable memfd mapping one page of which is locked with mlock() fails with EINVAL.
 * Source: Linux man-pages madvise(2), ERRORS: "EINVAL advice is MADV_DONTNEED or MADV_REMOVE and the specified address range includes locked, Huge TLB pages, or VM_PFNMAP pages."
 * Source: Linux man-pages mlock(2), DESCRIPTION: mlock() "locks pages in the address range starting at addr and continuing for len bytes"
 * Covers: madvise(2) EINVAL "MADV_DONTNEED or MADV_REMOVE"
 * Tags: madvise mlock errno memfd shared extension privileges
 * Requires: linux
 */
#define _GNU_SOURCE	/* MFD_CLOEXEC */
#include "mmapcheck.h"

#if defined(MADV_REMOVE) && defined(MFD_CLOEXEC)
int main(void)
{
	size_t pg;
	char *p;
	int fd;

	mc_begin();
	pg = mc_page_size();
	fd = (int)SAFE(memfd_create("mmapcheck-madvise-remove-locked", MFD_CLOEXEC));
	SAFE(ftruncate(fd, (off_t)(2 * pg)));
	p = SAFE_MMAP(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	memset(p, 0xa5, 2 * pg);
	if (mlock(p + pg, pg) != 0)	/* one page: fits any RLIMIT_MEMLOCK but 0 */
		mc_skip("mlock() of one page failed (%s): RLIMIT_MEMLOCK forbids locking here",
			mc_errno_name(errno));

	MC_EXPECT_ERRNO(madvise(p, 2 * pg, MADV_REMOVE), EINVAL);
	mc_observe("locked_byte_after", "0x%02x", (unsigned char)p[pg]);
	SAFE(munmap(p, 2 * pg));
	SAFE(close(fd));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MADV_REMOVE or memfd_create() is not available on this platform");
}
#endif

/*
 * Claim: madvise(MADV_POPULATE_READ) over a mapping of a memfd_secret() region fails with EINVAL.
 * Source: Linux man-pages madvise(2), ERRORS: "EINVAL advice is MADV_POPULATE_READ or MADV_POPULATE_WRITE, but the specified address range includes ... secret memory regions created using memfd_secret(2)."
 * Covers: madvise(2) EINVAL "MADV_POPULATE_READ or MADV_POPULATE_WRITE"
 * Tags: madvise errno shared extension
 * Requires: linux
 */
#include "mmapcheck.h"

#if defined(__linux__) && defined(MADV_POPULATE_READ)
#include <sys/syscall.h>
#endif

/* memfd_secret() has no C library wrapper: the set-up calls it through syscall(). */
#if defined(__linux__) && defined(MADV_POPULATE_READ) && defined(SYS_memfd_secret)
int main(void)
{
	size_t pg;
	char *p;
	int fd;

	mc_begin();
	pg = mc_page_size();
	if ((fd = (int)syscall(SYS_memfd_secret, 0)) < 0)
		mc_skip("memfd_secret() failed (%s): secret memory is not enabled in this kernel",
			mc_errno_name(errno));
	SAFE(ftruncate(fd, (off_t)pg));
	/* Secret memory is locked memory: RLIMIT_MEMLOCK may refuse even one page. */
	p = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED && (errno == EAGAIN || errno == EPERM))
		mc_skip("mmap() of one page of secret memory failed (%s): RLIMIT_MEMLOCK forbids it here",
			mc_errno_name(errno));
	if (p == MAP_FAILED)
		mc_broken("mmap() of one page of secret memory failed: %s", mc_errno_name(errno));

	MC_EXPECT_ERRNO(madvise(p, pg, MADV_POPULATE_READ), EINVAL);
	SAFE(munmap(p, pg));
	SAFE(close(fd));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("memfd_secret() or MADV_POPULATE_READ is not available on this platform");
}
#endif

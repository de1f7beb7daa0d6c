/*
 * Claim: madvise(MADV_POPULATE_READ) over a mapping of a memfd_secret() region fails with EINVAL.
 * Source: Linux man-pages madvise(2), ERRORS: "EINVAL advice is MADV_POPULATE_READ or MADV_POPULATE_WRITE, but the specified address range includes ... secret memory regions created using memfd_secret(2)."
 * Covers: madvise(2) EINVAL "MADV_POPULATE_READ or MADV_POPULATE_WRITE"
 * Tags: madvise errno shared extension
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS, madvise, MADV_POPULATE_READ */
#include "mmapcheck.h"

#if defined(__linux__) && !defined(MADV_POPULATE_READ)
#define MADV_POPULATE_READ 22	/* <asm-generic/mman-common.h> of Linux 5.14; older C library headers lack it */
#define MADV_POPULATE_WRITE 23
#endif

#ifdef __linux__
#include <sys/syscall.h>
#if !defined(SYS_memfd_secret) && !defined(__alpha__)
#define SYS_memfd_secret 447	/* one number on every architecture since Linux 5.14; musl lacks it */
#endif
#endif

/* memfd_secret() has no C library wrapper: the set-up calls it through syscall(). */
#if defined(__linux__) && defined(MADV_POPULATE_READ) && defined(SYS_memfd_secret)
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
	if ((fd = (int)syscall(SYS_memfd_secret, 0)) < 0)
		mc_skip("memfd_secret() failed (%s): secret memory is not available here (Linux: CONFIG_SECRETMEM, and on older kernels secretmem.enable=1)",
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

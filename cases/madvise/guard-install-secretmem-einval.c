/*
 * Claim: madvise(MADV_GUARD_INSTALL) over a mapping of a memfd_secret() region fails with EINVAL.
 * Source: Linux man-pages madvise(2) (6.13 and later), MADV_GUARD_INSTALL: "nor contain special mappings. For example, ... secret memory regions created using memfd_secret(2)." ... "An EINVAL error is returned if it is attempted on any other kind of mapping."
 * Covers: madvise(2) EINVAL "MADV_GUARD_INSTALL or MADV_GUARD_REMOVE"
 * Tags: madvise errno shared extension
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS, madvise */
#include "mmapcheck.h"

#ifdef __linux__
int main(void)
{
	size_t pg;
	char *p, *control;
	int fd;

	mc_begin();
	pg = mc_page_size();
	control = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (madvise(control, pg, MADV_GUARD_INSTALL) != 0 && errno == EINVAL)	/* the advice is known */
		mc_skip("MADV_GUARD_INSTALL is an invalid advice here (EINVAL): not provided (Linux added it in 6.13)");
	fd = (int)mc_memfd_secret(0);
	mc_require_call(fd, "memfd_secret", "5.14");
	if (fd < 0)
		mc_skip("memfd_secret() failed (%s): secret memory is not available here (Linux: CONFIG_SECRETMEM, and on older kernels secretmem.enable=1)",
			mc_errno_name(errno));
	SAFE(ftruncate(fd, (off_t)pg));
	/* Secret memory is locked memory: RLIMIT_MEMLOCK may refuse even one page. */
	p = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED && (errno == EAGAIN || errno == EPERM))
		mc_skip("mmap() of one page of secret memory failed (%s): RLIMIT_MEMLOCK forbids it here", mc_errno_name(errno));
	if (p == MAP_FAILED)
		mc_broken("mmap() of one page of secret memory failed: %s", mc_errno_name(errno));

	MC_EXPECT_ERRNO(madvise(p, pg, MADV_GUARD_INSTALL), EINVAL);
	SAFE(munmap(p, pg));
	SAFE(munmap(control, pg));
	SAFE(close(fd));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MADV_GUARD_INSTALL and memfd_secret() are Linux interfaces; not a Linux build");
}
#endif

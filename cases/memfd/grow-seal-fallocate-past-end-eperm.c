/*
 * Claim: Under F_SEAL_GROW, fallocate() past the end of a memfd fails with EPERM and the file keeps its size, while fallocate() inside it still succeeds.
 * Source: Linux man-pages fcntl(2), F_SEAL_GROW: "This affects [...] fallocate(2). These calls fail with EPERM if you use them to increase the file size. If you keep the size or shrink it, those calls still work as expected."
 * Tags: memfd errno extension
 * Requires: linux
 */
#define _GNU_SOURCE	/* F_ADD_SEALS, MFD_ALLOW_SEALING */
#include "mmapcheck.h"

int main(void)
{
#if defined(__linux__) && defined(MFD_ALLOW_SEALING) && defined(F_ADD_SEALS)	/* fallocate() is Linux's */
	struct stat sb;
	size_t pg;
	int fd;

	mc_begin();
	pg = mc_page_size();
	fd = (int)SAFE(memfd_create("mmapcheck", MFD_ALLOW_SEALING));
	SAFE(ftruncate(fd, (off_t)pg));
	SAFE(fcntl(fd, F_ADD_SEALS, F_SEAL_GROW));

	MC_EXPECT_ERRNO(fallocate(fd, 0, 0, (off_t)(2 * pg)), EPERM);
	SAFE(fstat(fd, &sb));
	mc_observe("size", "%lld", (long long)sb.st_size);
	mc_check(sb.st_size == (off_t)pg, "the file is %lld bytes after the refused fallocate(), not %zu",
		 (long long)sb.st_size, pg);
	mc_check(fallocate(fd, 0, 0, (off_t)pg) == 0, "fallocate() inside the file failed with %s", mc_errno_name(errno));
	return mc_finish();
#else
	mc_begin();
	mc_skip("fallocate() or memfd_create() sealing (MFD_ALLOW_SEALING, F_ADD_SEALS) is not provided by this platform");
#endif
}

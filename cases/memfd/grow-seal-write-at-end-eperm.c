/*
 * Claim: Under F_SEAL_GROW, write() at the end of a memfd fails with EPERM and the file keeps its size, while a write() inside it still succeeds.
 * Source: Linux man-pages fcntl(2), F_SEAL_GROW: "This affects write(2) beyond the end of the file, truncate(2), ftruncate(2), and fallocate(2). These calls fail with EPERM if you use them to increase the file size. If you keep the size or shrink it, those calls still work as expected."
 * Tags: memfd errno extension
 * Requires: linux
 */
#define _GNU_SOURCE	/* F_ADD_SEALS, MFD_ALLOW_SEALING */
#include "mmapcheck.h"

int main(void)
{
#if defined(MFD_ALLOW_SEALING) && defined(F_ADD_SEALS)
	struct stat sb;
	size_t pg;
	int fd;

	mc_begin();
	pg = mc_page_size();
	fd = (int)SAFE(memfd_create("mmapcheck", MFD_ALLOW_SEALING));
	SAFE(ftruncate(fd, (off_t)pg));
	SAFE(fcntl(fd, F_ADD_SEALS, F_SEAL_GROW));

	MC_EXPECT_ERRNO(pwrite(fd, "x", 1, (off_t)pg), EPERM);
	SAFE(fstat(fd, &sb));
	mc_observe("size", "%lld", (long long)sb.st_size);
	mc_check(sb.st_size == (off_t)pg, "the file is %lld bytes after the refused write, not %zu", (long long)sb.st_size, pg);
	mc_check(pwrite(fd, "y", 1, (off_t)pg - 1) == 1, "a write() of the last byte inside the file failed with %s",
		 mc_errno_name(errno));
	return mc_finish();
#else
	mc_begin();
	mc_skip("memfd_create() sealing (MFD_ALLOW_SEALING, F_ADD_SEALS) is not defined on this platform");
#endif
}

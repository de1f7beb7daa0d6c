/*
 * Claim: Under F_SEAL_GROW, ftruncate() to a larger size fails with EPERM and the memfd keeps its size.
 * Source: Linux man-pages fcntl(2), F_SEAL_GROW: "If this seal is set, the size of the file in question cannot be increased. This affects [...] ftruncate(2) [...] These calls fail with EPERM if you use them to increase the file size."
 * Tags: memfd ftruncate errno extension
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

	MC_EXPECT_ERRNO(ftruncate(fd, (off_t)(2 * pg)), EPERM);
	SAFE(fstat(fd, &sb));
	mc_observe("size", "%lld", (long long)sb.st_size);
	mc_check(sb.st_size == (off_t)pg, "the file is %lld bytes after the refused grow, not %zu", (long long)sb.st_size, pg);
	return mc_finish();
#else
	mc_begin();
	mc_skip("memfd_create() sealing (MFD_ALLOW_SEALING, F_ADD_SEALS) is not defined on this platform");
#endif
}

/*
 * Claim: Under F_SEAL_SHRINK, ftruncate() to a larger size of a memfd still succeeds.
 * Source: Linux man-pages fcntl(2), F_SEAL_SHRINK: "the file in question cannot be reduced in size. [...] Increasing the file size is still possible."
 * Tags: memfd ftruncate extension
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
	SAFE(ftruncate(fd, (off_t)(2 * pg)));
	SAFE(fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK));
	/* The control: the seal is in force, so what follows is allowed under it. */
	if (ftruncate(fd, (off_t)pg) != -1 || errno != EPERM)
		mc_broken("F_SEAL_SHRINK is not in force: shrinking the file is not refused with EPERM");

	MC_EXPECT_ERRNO(ftruncate(fd, (off_t)(3 * pg)), 0);
	SAFE(fstat(fd, &sb));
	mc_observe("size", "%lld", (long long)sb.st_size);
	mc_check(sb.st_size == (off_t)(3 * pg), "the file is %lld bytes after growing to %zu", (long long)sb.st_size, 3 * pg);
	return mc_finish();
#else
	mc_begin();
	mc_skip("memfd_create() sealing (MFD_ALLOW_SEALING, F_ADD_SEALS) is not defined on this platform");
#endif
}

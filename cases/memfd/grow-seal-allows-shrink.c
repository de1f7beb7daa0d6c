/*
 * Claim: Under F_SEAL_GROW, ftruncate() to a smaller size of a memfd still succeeds.
 * Source: Linux man-pages fcntl(2), F_SEAL_GROW: "If you keep the size or shrink it, those calls still work as expected."
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
	SAFE(fcntl(fd, F_ADD_SEALS, F_SEAL_GROW));
	/* The control: the seal is in force, so what follows is allowed under it. */
	if (ftruncate(fd, (off_t)(3 * pg)) != -1 || errno != EPERM)
		mc_broken("F_SEAL_GROW is not in force: growing the file is not refused with EPERM");

	MC_EXPECT_ERRNO(ftruncate(fd, (off_t)pg), 0);
	SAFE(fstat(fd, &sb));
	mc_observe("size", "%lld", (long long)sb.st_size);
	mc_check(sb.st_size == (off_t)pg, "the file is %lld bytes after shrinking to %zu", (long long)sb.st_size, pg);
	return mc_finish();
#else
	mc_begin();
	mc_skip("memfd_create() sealing (MFD_ALLOW_SEALING, F_ADD_SEALS) is not defined on this platform");
#endif
}

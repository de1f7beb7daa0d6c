/*
 * Claim: Under F_SEAL_WRITE (and no size seal), ftruncate() can still grow and then shrink a memfd.
 * Source: Linux man-pages fcntl(2), F_SEAL_WRITE: "Note that shrinking or growing the size of the file is still possible and allowed."
 * Tags: memfd ftruncate extension
 * Requires: linux
 */
#define _GNU_SOURCE	/* F_ADD_SEALS, MFD_ALLOW_SEALING */
#include "mmapcheck.h"

int main(void)
{
#if defined(MFD_ALLOW_SEALING) && defined(F_ADD_SEALS)
	struct stat grown, shrunk;
	size_t pg;
	int fd;

	mc_begin();
	pg = mc_page_size();
	fd = (int)SAFE(memfd_create("mmapcheck", MFD_ALLOW_SEALING));
	SAFE(ftruncate(fd, (off_t)(2 * pg)));
	SAFE(fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE));
	/* The control: the seal is in force, so what follows is allowed under it. */
	if (pwrite(fd, "x", 1, 0) != -1 || errno != EPERM)
		mc_broken("F_SEAL_WRITE is not in force: write() is not refused with EPERM");

	MC_EXPECT_ERRNO(ftruncate(fd, (off_t)(3 * pg)), 0);
	SAFE(fstat(fd, &grown));
	MC_EXPECT_ERRNO(ftruncate(fd, (off_t)pg), 0);
	SAFE(fstat(fd, &shrunk));
	mc_observe("sizes", "%lld,%lld", (long long)grown.st_size, (long long)shrunk.st_size);
	mc_check(grown.st_size == (off_t)(3 * pg) && shrunk.st_size == (off_t)pg,
		 "the file was %lld then %lld bytes, not %zu then %zu", (long long)grown.st_size,
		 (long long)shrunk.st_size, 3 * pg, pg);
	return mc_finish();
#else
	mc_begin();
	mc_skip("memfd_create() sealing (MFD_ALLOW_SEALING, F_ADD_SEALS) is not defined on this platform");
#endif
}

/*
 * Claim: Once F_SEAL_WRITE is set on a memfd, mmap() of it with MAP_SHARED and PROT_WRITE fails with EPERM.
 * Source: Linux man-pages mmap(2), ERRORS: "EPERM The operation was prevented by a file seal; see fcntl(2)."
 * Source: Linux man-pages fcntl(2), F_SEAL_WRITE: "trying to create new shared, writable memory-mappings via mmap(2) will also fail with EPERM"
 * Covers: mmap(2) EPERM "file seal"
 * Tags: memfd mmap errno shared extension
 * Requires: linux
 */
#define _GNU_SOURCE	/* F_ADD_SEALS, MFD_ALLOW_SEALING */
#include "mmapcheck.h"

int main(void)
{
#if defined(MFD_ALLOW_SEALING) && defined(F_ADD_SEALS)
	size_t pg;
	int fd;

	mc_begin();
	pg = mc_page_size();
	fd = (int)SAFE(memfd_create("mmapcheck", MFD_ALLOW_SEALING));
	SAFE(ftruncate(fd, (off_t)pg));
	SAFE(fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE));
	mc_observe("seals", "0x%lx", (long)SAFE(fcntl(fd, F_GET_SEALS)));

	MC_EXPECT_MAP_ERRNO(mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0), EPERM);
	return mc_finish();
#else
	mc_begin();
	mc_skip("memfd_create() sealing (MFD_ALLOW_SEALING, F_ADD_SEALS) is not defined on this platform");
#endif
}

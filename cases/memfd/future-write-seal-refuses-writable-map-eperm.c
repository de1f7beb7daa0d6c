/*
 * Claim: Once F_SEAL_FUTURE_WRITE is set on a memfd, a new MAP_SHARED PROT_WRITE mapping of it fails with EPERM.
 * Source: Linux man-pages fcntl(2), F_SEAL_FUTURE_WRITE (since Linux 5.1): "Any attempt to create a new writable mapping on the file via mmap(2) will fail with EPERM."
 * Source: Linux man-pages mmap(2), ERRORS: "EPERM The operation was prevented by a file seal; see fcntl(2)."
 * Covers: mmap(2) EPERM "file seal"
 * Tags: memfd mmap errno shared extension
 * Requires: linux
 */
#define _GNU_SOURCE	/* F_ADD_SEALS, F_SEAL_FUTURE_WRITE, MFD_ALLOW_SEALING */
#include "mmapcheck.h"

int main(void)
{
#if defined(MFD_ALLOW_SEALING) && defined(F_ADD_SEALS) && defined(F_SEAL_FUTURE_WRITE)
	size_t pg;
	int fd;

	mc_begin();
	pg = mc_page_size();
	fd = (int)SAFE(memfd_create("mmapcheck", MFD_ALLOW_SEALING));
	SAFE(ftruncate(fd, (off_t)pg));
	if (fcntl(fd, F_ADD_SEALS, F_SEAL_FUTURE_WRITE) == -1)
		mc_skip("this kernel does not accept F_SEAL_FUTURE_WRITE (added in Linux 5.1): %s", mc_errno_name(errno));
	mc_observe("seals", "0x%lx", (long)SAFE(fcntl(fd, F_GET_SEALS)));

	MC_EXPECT_MAP_ERRNO(mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0), EPERM);
	return mc_finish();
#else
	mc_begin();
	mc_skip("F_SEAL_FUTURE_WRITE is not defined on this platform");
#endif
}

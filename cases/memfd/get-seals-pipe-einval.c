/*
 * Claim: fcntl(F_GET_SEALS) on a pipe, which does not support sealing, fails with EINVAL, where on a memfd it returns the seals.
 * Source: Linux man-pages F_GET_SEALS(2const): "If the file does not support sealing, -1 is returned and errno is set to EINVAL."
 * Source: Linux man-pages fcntl(2), ERRORS: "EINVAL cmd is F_ADD_SEALS or F_GET_SEALS and the filesystem containing the inode referred to by fd does not support sealing."
 * Covers: fcntl(2) EINVAL "does not support sealing"
 * Covers: F_ADD_SEALS(2const) EINVAL "does not support sealing"
 * Tags: memfd errno extension
 * Requires: linux
 */
#define _GNU_SOURCE	/* F_GET_SEALS, MFD_ALLOW_SEALING */
#include "mmapcheck.h"

int main(void)
{
#if defined(MFD_ALLOW_SEALING) && defined(F_GET_SEALS)
	int p[2], fd;

	mc_begin();
	/* The control: F_GET_SEALS answers on a file that supports sealing. */
	fd = (int)SAFE(memfd_create("mmapcheck", MFD_ALLOW_SEALING));
	SAFE(fcntl(fd, F_GET_SEALS));
	SAFE(pipe(p));
	MC_EXPECT_ERRNO(fcntl(p[0], F_GET_SEALS), EINVAL);
	return mc_finish();
#else
	mc_begin();
	mc_skip("memfd_create() sealing (F_GET_SEALS) is not defined on this platform");
#endif
}

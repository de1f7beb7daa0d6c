/*
 * Claim: fcntl(F_ADD_SEALS) on the write end of a pipe, which does not support sealing, fails with EINVAL.
 * Source: Linux man-pages fcntl(2), ERRORS: "EINVAL cmd is F_ADD_SEALS or F_GET_SEALS and the filesystem containing the inode referred to by fd does not support sealing."
 * Source: Linux man-pages F_ADD_SEALS(2const): "On other filesystems, all fcntl() operations that operate on seals will return EINVAL."
 * Covers: fcntl(2) EINVAL "does not support sealing"
 * Covers: F_ADD_SEALS(2const) EINVAL "does not support sealing"
 * Claim-call: fcntl_add_seals
 * Tags: memfd errno extension
 * Requires: linux
 */
#define _GNU_SOURCE	/* F_ADD_SEALS */
#include "mmapcheck.h"

int main(void)
{
#if defined(F_ADD_SEALS)
	int p[2];

	mc_begin();
	SAFE(pipe(p));
	/* The write end: a read-only descriptor would be refused with EPERM first. */
	MC_EXPECT_ERRNO(fcntl(p[1], F_ADD_SEALS, F_SEAL_WRITE), EINVAL);
	return mc_finish();
#else
	mc_begin();
	mc_skip("F_ADD_SEALS is not defined on this platform");
#endif
}

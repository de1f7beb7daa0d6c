/*
 * Claim: Under F_SEAL_WRITE, fallocate(FALLOC_FL_PUNCH_HOLE) on a memfd fails with EPERM and the data stays.
 * Source: Linux man-pages fcntl(2), F_SEAL_WRITE: "This seal affects write(2) and fallocate(2) (only in combination with the FALLOC_FL_PUNCH_HOLE flag). Those calls fail with EPERM if this seal is set."
 * Tags: memfd errno extension
 * Requires: linux
 */
#define _GNU_SOURCE	/* FALLOC_FL_PUNCH_HOLE, F_ADD_SEALS, MFD_ALLOW_SEALING */
#include "mmapcheck.h"

int main(void)
{
#if defined(MFD_ALLOW_SEALING) && defined(F_ADD_SEALS) && defined(FALLOC_FL_PUNCH_HOLE)
	size_t pg;
	char c = 0;
	int fd;

	mc_begin();
	pg = mc_page_size();
	fd = (int)SAFE(memfd_create("mmapcheck", MFD_ALLOW_SEALING));
	SAFE(ftruncate(fd, (off_t)(2 * pg)));
	if (pwrite(fd, "a", 1, 5) != 1)
		mc_broken("pwrite() before the seal failed: %s", mc_errno_name(errno));
	SAFE(fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE));

	MC_EXPECT_ERRNO(fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 0, (off_t)pg), EPERM);
	SAFE(pread(fd, &c, 1, 5));
	mc_observe("byte", "0x%02x", (unsigned char)c);
	mc_check(c == 'a', "the byte is 0x%02x after the refused hole punch, not 'a'", (unsigned char)c);
	return mc_finish();
#else
	mc_begin();
	mc_skip("memfd_create() sealing or FALLOC_FL_PUNCH_HOLE is not defined on this platform");
#endif
}

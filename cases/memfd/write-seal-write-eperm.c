/*
 * Claim: Under F_SEAL_WRITE, write() to a memfd fails with EPERM and the file's contents stay as they were.
 * Source: Linux man-pages fcntl(2), F_SEAL_WRITE: "If this seal is set, you cannot modify the contents of the file. [...] This seal affects write(2) and fallocate(2) [...] Those calls fail with EPERM if this seal is set."
 * Tags: memfd errno extension
 * Requires: linux
 */
#define _GNU_SOURCE	/* F_ADD_SEALS, MFD_ALLOW_SEALING */
#include "mmapcheck.h"

int main(void)
{
#if defined(MFD_ALLOW_SEALING) && defined(F_ADD_SEALS)
	char c = 0;
	int fd;

	mc_begin();
	fd = (int)SAFE(memfd_create("mmapcheck", MFD_ALLOW_SEALING));
	SAFE(ftruncate(fd, (off_t)mc_page_size()));
	if (pwrite(fd, "a", 1, 5) != 1)
		mc_broken("pwrite() before the seal failed: %s", mc_errno_name(errno));
	SAFE(fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE));

	MC_EXPECT_ERRNO(pwrite(fd, "Z", 1, 5), EPERM);
	SAFE(pread(fd, &c, 1, 5));
	mc_observe("byte", "0x%02x", (unsigned char)c);
	mc_check(c == 'a', "the byte is 0x%02x after the refused write, not 'a'", (unsigned char)c);
	return mc_finish();
#else
	mc_begin();
	mc_skip("memfd_create() sealing (MFD_ALLOW_SEALING, F_ADD_SEALS) is not defined on this platform");
#endif
}

/*
 * Claim: F_SEAL_WRITE added through one descriptor of a memfd refuses write() through another descriptor of the same file with EPERM, and F_GET_SEALS through it shows the seal.
 * Source: Linux man-pages F_ADD_SEALS(2const): "Seals are a property of an inode. Thus, all open file descriptors referring to the same inode share the same set of seals."
 * Tags: memfd errno procfs extension
 * Requires: linux
 */
#define _GNU_SOURCE	/* F_ADD_SEALS, MFD_ALLOW_SEALING */
#include "mmapcheck.h"

int main(void)
{
#if defined(MFD_ALLOW_SEALING) && defined(F_ADD_SEALS)
	char path[64], c = 0;
	long seals;
	int fd, other;

	mc_begin();
	fd = (int)SAFE(memfd_create("mmapcheck", MFD_ALLOW_SEALING));
	SAFE(ftruncate(fd, (off_t)mc_page_size()));
	/* A second open file description of the same file, not a dup(). */
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	if ((other = open(path, O_RDWR)) == -1)
		mc_skip("%s cannot be opened (%s): no other way to open the memfd", path, mc_errno_name(errno));
	if (pwrite(other, "a", 1, 5) != 1)
		mc_broken("pwrite() through the second descriptor before the seal failed: %s", mc_errno_name(errno));
	SAFE(fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE));

	seals = SAFE(fcntl(other, F_GET_SEALS));
	mc_observe("seals", "0x%lx", seals);
	mc_check(seals & F_SEAL_WRITE, "F_GET_SEALS through the second descriptor gives 0x%lx, without F_SEAL_WRITE", seals);
	MC_EXPECT_ERRNO(pwrite(other, "Z", 1, 5), EPERM);
	SAFE(pread(fd, &c, 1, 5));
	mc_check(c == 'a', "the byte is 0x%02x after the refused write, not 'a'", (unsigned char)c);
	return mc_finish();
#else
	mc_begin();
	mc_skip("memfd_create() sealing (MFD_ALLOW_SEALING, F_ADD_SEALS) is not defined on this platform");
#endif
}

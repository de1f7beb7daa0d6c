/*
 * Claim: Adding F_SEAL_EXEC to an executable memfd also adds F_SEAL_GROW, F_SEAL_SHRINK, F_SEAL_WRITE and F_SEAL_FUTURE_WRITE, and write() is then refused with EPERM.
 * Source: Linux man-pages F_ADD_SEALS(2const), F_SEAL_EXEC: "Adding this seal implicitly adds F_SEAL_GROW, F_SEAL_SHRINK, F_SEAL_WRITE, and F_SEAL_FUTURE_WRITE. This ensures that the executable code is not writeable."
 * Tags: memfd errno extension
 * Requires: linux
 */
#define _GNU_SOURCE	/* F_ADD_SEALS, F_SEAL_FUTURE_WRITE, MFD_ALLOW_SEALING */
#include "mmapcheck.h"

int main(void)
{
#if defined(__linux__) && defined(MFD_ALLOW_SEALING) && defined(F_ADD_SEALS) && defined(F_SEAL_FUTURE_WRITE)
	const long implied = F_SEAL_GROW | F_SEAL_SHRINK | F_SEAL_WRITE | F_SEAL_FUTURE_WRITE;
	struct stat sb;
	long seals;
	int fd;

	mc_begin();
	if (mc_setting_number("/proc/sys/vm/memfd_noexec") >= 2)
		mc_skip("vm.memfd_noexec=2 here: MFD_EXEC is refused, and a file made without it is sealed against exec from the start");
	fd = memfd_create("mmapcheck", MFD_EXEC | MFD_ALLOW_SEALING);
	if (fd == -1 && errno == EINVAL)
		mc_skip("memfd_create(MFD_EXEC) fails with EINVAL: MFD_EXEC and F_SEAL_EXEC are Linux 6.3 and later");
	if (fd == -1)
		mc_broken("memfd_create(MFD_EXEC | MFD_ALLOW_SEALING) failed: %s", mc_errno_name(errno));
	SAFE(pwrite(fd, "x", 1, 0));
	SAFE(fchmod(fd, 0700));
	SAFE(fstat(fd, &sb));
	if ((sb.st_mode & 07777) != 0700)
		mc_broken("fchmod(0700) left the mode 0%o", (unsigned)(sb.st_mode & 07777));
	if (fcntl(fd, F_ADD_SEALS, F_SEAL_EXEC) == -1 && errno == EINVAL)
		mc_skip("this kernel does not know F_SEAL_EXEC (Linux 6.3 and later)");

	seals = SAFE(fcntl(fd, F_GET_SEALS));
	mc_observe("seals", "0x%lx", seals);
	mc_check((seals & (implied | F_SEAL_EXEC)) == (implied | F_SEAL_EXEC),
		 "after F_ADD_SEALS(F_SEAL_EXEC) the seals are 0x%lx, not F_SEAL_EXEC with 0x%lx", seals, implied);
	MC_EXPECT_ERRNO(pwrite(fd, "y", 1, 0), EPERM);
	return mc_finish();
#else
	mc_begin();
	mc_skip("memfd_create() sealing is not defined on this platform (F_SEAL_EXEC is Linux 6.3 and later)");
#endif
}

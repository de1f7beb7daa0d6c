/*
 * Claim: Once F_SEAL_EXEC is set on a memfd, fchmod() that would add an execute bit fails with EPERM and the mode stays as it was.
 * Source: Linux man-pages F_ADD_SEALS(2const), F_SEAL_EXEC: "the execute mode bits of the file cannot be modified. Attempting to change the execute mode bits via fchmod(2) or similar will fail with EPERM."
 * Source: Linux Documentation/userspace-api/mfd_noexec.rst: "Let memfd be sealed for modifying X bit when NX is set."
 * Covers: MFD_NOEXEC_SEAL(kernel) F_SEAL_EXEC
 * Tags: memfd errno extension
 * Requires: linux
 */
#define _GNU_SOURCE	/* F_ADD_SEALS, MFD_ALLOW_SEALING */
#include "mmapcheck.h"

int main(void)
{
#if defined(__linux__) && defined(MFD_ALLOW_SEALING) && defined(F_ADD_SEALS)
	struct stat sb;
	int fd;

	mc_begin();
	/* Not MFD_NOEXEC_SEAL, which would seal at once: the call under test seals it. */
	if (mc_setting_number("/proc/sys/vm/memfd_noexec") >= 2)
		mc_skip("vm.memfd_noexec=2 here: MFD_EXEC is refused, and a file made without it is sealed against exec from the start");
	fd = memfd_create("mmapcheck", MFD_EXEC | MFD_ALLOW_SEALING);
	if (fd == -1 && errno == EINVAL)
		mc_skip("memfd_create(MFD_EXEC) fails with EINVAL: MFD_EXEC and F_SEAL_EXEC are Linux 6.3 and later");
	if (fd == -1)
		mc_broken("memfd_create(MFD_EXEC | MFD_ALLOW_SEALING) failed: %s", mc_errno_name(errno));
	SAFE(fchmod(fd, 0600));	/* the control: fchmod() acts on this file */
	if (fcntl(fd, F_ADD_SEALS, F_SEAL_EXEC) == -1 && errno == EINVAL)
		mc_skip("this kernel does not know F_SEAL_EXEC (Linux 6.3 and later)");
	mc_observe("seals", "0x%lx", (long)SAFE(fcntl(fd, F_GET_SEALS)));

	MC_EXPECT_ERRNO(fchmod(fd, 0700), EPERM);
	SAFE(fstat(fd, &sb));
	mc_observe("mode", "0%o", (unsigned)(sb.st_mode & 07777));
	mc_check((sb.st_mode & 07777) == 0600, "the mode is 0%o after the refused fchmod(), not 0600",
		 (unsigned)(sb.st_mode & 07777));
	return mc_finish();
#else
	mc_begin();
	mc_skip("memfd_create() sealing is not defined on this platform (F_SEAL_EXEC is Linux 6.3 and later)");
#endif
}

/*
 * Claim: memfd_create() with MFD_NOEXEC_SEAL makes a file with no execute bit in its mode and with F_SEAL_EXEC among its seals.
 * Source: Linux Documentation/userspace-api/mfd_noexec.rst, MFD_NOEXEC_SEAL: "memfd is created with NX. F_SEAL_EXEC is set and the memfd can't be modified to add X later."
 * Claim-call: memfd_create
 * Covers: MFD_NOEXEC_SEAL(kernel) NX
 * Covers: MFD_NOEXEC_SEAL(kernel) F_SEAL_EXEC
 * Tags: memfd extension
 * Requires: linux
 */
#define _GNU_SOURCE	/* F_ADD_SEALS, MFD_ALLOW_SEALING */
#include "mmapcheck.h"

int main(void)
{
#if defined(__linux__) && defined(MFD_ALLOW_SEALING) && defined(F_ADD_SEALS)
	struct stat sb;
	long seals;
	int fd, probe;

	mc_begin();
	fd = memfd_create("mmapcheck", MFD_NOEXEC_SEAL);
	/* Before Linux 6.3 the flag is an unknown bit: no vm.memfd_noexec then, and F_SEAL_EXEC unknown too. */
	if (fd == -1 && errno == EINVAL) {
		if (mc_setting_number("/proc/sys/vm/memfd_noexec") < 0)
			mc_skip("memfd_create(MFD_NOEXEC_SEAL) fails with EINVAL and there is no vm.memfd_noexec: both are Linux 6.3 and later");
		probe = (int)SAFE(memfd_create("mmapcheck-probe", MFD_ALLOW_SEALING));
		if (fcntl(probe, F_ADD_SEALS, F_SEAL_EXEC) == -1 && errno == EINVAL)
			mc_skip("this kernel knows neither MFD_NOEXEC_SEAL nor F_SEAL_EXEC (Linux 6.3 and later)");
		errno = EINVAL;
	}
	mc_observe("errno", "%s", fd == -1 ? mc_errno_name(errno) : "0");
	if (!mc_check(fd != -1, "memfd_create(MFD_NOEXEC_SEAL) failed with %s", mc_errno_name(errno)))
		return mc_finish();
	SAFE(fstat(fd, &sb));
	seals = SAFE(fcntl(fd, F_GET_SEALS));
	mc_observe("mode", "0%o", (unsigned)(sb.st_mode & 07777));
	mc_observe("seals", "0x%lx", seals);
	mc_check(!(sb.st_mode & 0111), "the file's mode 0%o has an execute bit", (unsigned)(sb.st_mode & 07777));
	mc_check(seals & F_SEAL_EXEC, "F_SEAL_EXEC is not among the seals (0x%lx)", seals);
	return mc_finish();
#else
	mc_begin();
	mc_skip("memfd_create() sealing is not defined on this platform (MFD_NOEXEC_SEAL is Linux 6.3 and later)");
#endif
}

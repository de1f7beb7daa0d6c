/*
 * Claim: memfd_create() with MFD_NOEXEC_SEAL and without MFD_ALLOW_SEALING still allows sealing: F_ADD_SEALS(F_SEAL_GROW) succeeds and the seal is in force.
 * Source: Linux Documentation/userspace-api/mfd_noexec.rst, MFD_NOEXEC_SEAL: "MFD_ALLOW_SEALING is also implied."; Note: "MFD_NOEXEC_SEAL implies MFD_ALLOW_SEALING."
 * Covers: MFD_NOEXEC_SEAL(kernel) ALLOW_SEALING
 * Tags: memfd extension
 * Requires: linux
 */
#define _GNU_SOURCE	/* F_ADD_SEALS, MFD_ALLOW_SEALING */
#include "mmapcheck.h"

int main(void)
{
#if defined(__linux__) && defined(MFD_ALLOW_SEALING) && defined(F_ADD_SEALS)
	size_t pg;
	long seals;
	int fd, probe;

	mc_begin();
	pg = mc_page_size();
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
	if (fd == -1)
		mc_broken("memfd_create(MFD_NOEXEC_SEAL) failed: %s", mc_errno_name(errno));
	SAFE(ftruncate(fd, (off_t)pg));

	MC_EXPECT_ERRNO(fcntl(fd, F_ADD_SEALS, F_SEAL_GROW), 0);
	seals = SAFE(fcntl(fd, F_GET_SEALS));
	mc_observe("seals", "0x%lx", seals);
	mc_check(seals & F_SEAL_GROW, "F_SEAL_GROW is not among the seals (0x%lx)", seals);
	mc_check(ftruncate(fd, (off_t)(2 * pg)) == -1 && errno == EPERM,
		 "growing the file under F_SEAL_GROW was not refused with EPERM");
	return mc_finish();
#else
	mc_begin();
	mc_skip("memfd_create() sealing is not defined on this platform (MFD_NOEXEC_SEAL is Linux 6.3 and later)");
#endif
}

/*
 * Claim: memfd_create() with MFD_EXEC makes a file whose mode has its execute bits set and whose seals do not include F_SEAL_EXEC.
 * Source: Linux Documentation/userspace-api/mfd_noexec.rst, MFD_EXEC: "When MFD_EXEC bit is set in the flags, memfd is created with X."
 * Source: Linux Documentation/userspace-api/mfd_noexec.rst: "memfd_create() without MFD_NOEXEC_SEAL will be rejected" (vm.memfd_noexec=2: the case skips)
 * Covers: MFD_EXEC(kernel) EXEC
 * Tags: memfd extension
 * Requires: linux
 */
#define _GNU_SOURCE	/* F_ADD_SEALS, MFD_ALLOW_SEALING */
#include "mmapcheck.h"

int main(void)
{
#if defined(__linux__) && defined(MFD_ALLOW_SEALING) && defined(F_ADD_SEALS)
	struct stat sb;
	long long scope;
	long seals;
	int fd, probe;

	mc_begin();
	mc_lock_setting("/proc/sys/vm/memfd_noexec");
	scope = mc_setting_number("/proc/sys/vm/memfd_noexec");
	mc_observe("memfd_noexec", "%lld", scope);
	if (scope >= 2)
		mc_skip("vm.memfd_noexec=%lld here: memfd_create() refuses MFD_EXEC", scope);
	fd = memfd_create("mmapcheck", MFD_EXEC | MFD_ALLOW_SEALING);
	/* Before Linux 6.3 the flag is an unknown bit: no vm.memfd_noexec then, and F_SEAL_EXEC unknown too. */
	if (fd == -1 && errno == EINVAL) {
		if (mc_setting_number("/proc/sys/vm/memfd_noexec") < 0)
			mc_skip("memfd_create(MFD_EXEC) fails with EINVAL and there is no vm.memfd_noexec: both are Linux 6.3 and later");
		probe = (int)SAFE(memfd_create("mmapcheck-probe", MFD_ALLOW_SEALING));
		if (fcntl(probe, F_ADD_SEALS, F_SEAL_EXEC) == -1 && errno == EINVAL)
			mc_skip("this kernel knows neither MFD_EXEC nor F_SEAL_EXEC (Linux 6.3 and later)");
		errno = EINVAL;
	}
	if (!mc_check(fd != -1, "memfd_create(MFD_EXEC | MFD_ALLOW_SEALING) failed with %s", mc_errno_name(errno)))
		return mc_finish();
	SAFE(fstat(fd, &sb));
	seals = SAFE(fcntl(fd, F_GET_SEALS));
	mc_observe("mode", "0%o", (unsigned)(sb.st_mode & 07777));
	mc_observe("seals", "0x%lx", seals);
	mc_check((sb.st_mode & 0111) == 0111, "the file's mode 0%o lacks an execute bit", (unsigned)(sb.st_mode & 07777));
	mc_check(!(seals & F_SEAL_EXEC), "F_SEAL_EXEC is set (seals 0x%lx) on an MFD_EXEC file", seals);
	return mc_finish();
#else
	mc_begin();
	mc_skip("memfd_create() sealing is not defined on this platform (MFD_EXEC is Linux 6.3 and later)");
#endif
}

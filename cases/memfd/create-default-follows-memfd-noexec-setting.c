/*
 * Claim: memfd_create() without MFD_EXEC or MFD_NOEXEC_SEAL acts as vm.memfd_noexec says: at 0 as MFD_EXEC (execute bits set), at 1 as MFD_NOEXEC_SEAL (none, F_SEAL_EXEC set).
 * Source: Linux Documentation/userspace-api/mfd_noexec.rst, vm.memfd_noexec: "0: MEMFD_NOEXEC_SCOPE_EXEC memfd_create() without MFD_EXEC nor MFD_NOEXEC_SEAL acts like MFD_EXEC was set."; "1: [...] acts like MFD_NOEXEC_SEAL was set."
 * Source: Linux Documentation/admin-guide/sysctl/vm.rst, memfd_noexec
 * Covers: memfd_noexec(kernel) MEMFD_NOEXEC_SCOPE_EXEC
 * Covers: memfd_noexec(kernel) MEMFD_NOEXEC_SCOPE_NOEXEC_SEAL
 * Tags: memfd extension
 * Requires: linux
 */
#define _GNU_SOURCE	/* F_GET_SEALS, MFD_ALLOW_SEALING */
#include "mmapcheck.h"

int main(void)
{
#if defined(__linux__) && defined(MFD_ALLOW_SEALING) && defined(F_GET_SEALS)
	struct stat sb;
	long long scope;
	long seals;
	int fd;

	mc_begin();
	mc_lock_setting("/proc/sys/vm/memfd_noexec");
	scope = mc_setting_number("/proc/sys/vm/memfd_noexec");
	if (scope < 0)
		mc_skip("no /proc/sys/vm/memfd_noexec: the setting is Linux 6.3 and later");
	mc_observe("memfd_noexec", "%lld", scope);
	/* At 2 the documentation ("will be rejected") and Linux 6.6 and later (as at 1, only MFD_EXEC
	 * refused: commit 202e14222fad) disagree; this case states what both say of 0 and 1. */
	if (scope >= 2)
		mc_skip("vm.memfd_noexec=%lld here: the claim is about the settings 0 and 1", scope);
	fd = memfd_create("mmapcheck", MFD_ALLOW_SEALING);
	mc_observe("errno", "%s", fd == -1 ? mc_errno_name(errno) : "0");
	if (!mc_check(fd != -1, "memfd_create(MFD_ALLOW_SEALING) failed with %s", mc_errno_name(errno)))
		return mc_finish();
	SAFE(fstat(fd, &sb));
	seals = SAFE(fcntl(fd, F_GET_SEALS));
	mc_observe("mode", "0%o", (unsigned)(sb.st_mode & 07777));
	mc_observe("seals", "0x%lx", seals);
	if (scope == 0)
		mc_check((sb.st_mode & 0111) == 0111 && !(seals & F_SEAL_EXEC),
			 "vm.memfd_noexec=0 gave mode 0%o, seals 0x%lx: not as MFD_EXEC", (unsigned)(sb.st_mode & 07777), seals);
	else
		mc_check(!(sb.st_mode & 0111) && (seals & F_SEAL_EXEC),
			 "vm.memfd_noexec=1 gave mode 0%o, seals 0x%lx: not as MFD_NOEXEC_SEAL", (unsigned)(sb.st_mode & 07777), seals);
	return mc_finish();
#else
	mc_begin();
	mc_skip("memfd_create() sealing is not defined on this platform (vm.memfd_noexec is Linux 6.3 and later)");
#endif
}

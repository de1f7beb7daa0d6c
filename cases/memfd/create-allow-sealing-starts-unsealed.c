/*
 * Claim: A memfd made with MFD_ALLOW_SEALING starts with no seal, and fcntl(F_ADD_SEALS) on it then succeeds.
 * Source: Linux man-pages memfd_create(2), MFD_ALLOW_SEALING: "Allow sealing operations on this file. [...] The initial set of seals is empty."
 * Source: Linux man-pages F_GET_SEALS(2const): "If no seals are set, 0 is returned."
 * Source: Linux Documentation/userspace-api/mfd_noexec.rst: with vm.memfd_noexec 1 or 2 a call without MFD_EXEC "acts like MFD_NOEXEC_SEAL was set" (F_SEAL_EXEC from the start; the case allows for it)
 * Claim-call: memfd_create
 * Tags: memfd extension
 * Requires: linux
 */
#define _GNU_SOURCE	/* F_ADD_SEALS, MFD_ALLOW_SEALING */
#include "mmapcheck.h"

int main(void)
{
#if defined(MFD_ALLOW_SEALING) && defined(F_ADD_SEALS)
	long initial, after, preset;
	int fd;

	mc_begin();
	/* The one seal vm.memfd_noexec may add (Linux 6.3 and later; -1 where absent). */
	preset = mc_setting_number("/proc/sys/vm/memfd_noexec") >= 1 ? 0x20 : 0;	/* F_SEAL_EXEC */
	fd = (int)SAFE(memfd_create("mmapcheck", MFD_ALLOW_SEALING));
	initial = SAFE(fcntl(fd, F_GET_SEALS));
	mc_observe("initial_seals", "0x%lx", initial);
	mc_check(initial == preset, "the initial seals are 0x%lx, not 0x%lx", initial, preset);

	MC_EXPECT_ERRNO(fcntl(fd, F_ADD_SEALS, F_SEAL_GROW), 0);
	after = SAFE(fcntl(fd, F_GET_SEALS));
	mc_observe("seals", "0x%lx", after);
	mc_check(after == (preset | F_SEAL_GROW), "after adding F_SEAL_GROW the seals are 0x%lx", after);
	return mc_finish();
#else
	mc_begin();
	mc_skip("memfd_create() sealing (MFD_ALLOW_SEALING, F_ADD_SEALS) is not defined on this platform");
#endif
}

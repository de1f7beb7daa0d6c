/*
 * Claim: Adding F_SEAL_EXEC to a memfd whose mode has no execute bit also adds F_SEAL_GROW, F_SEAL_SHRINK, F_SEAL_WRITE and F_SEAL_FUTURE_WRITE, as the manual says of the seal without condition.
 * Source: Linux man-pages F_ADD_SEALS(2const), F_SEAL_EXEC: "Adding this seal implicitly adds F_SEAL_GROW, F_SEAL_SHRINK, F_SEAL_WRITE, and F_SEAL_FUTURE_WRITE."
 * Tags: memfd extension
 * Requires: linux
 * Not-mutated: Linux adds F_SEAL_EXEC alone to a file without an execute bit (expected/linux), so no injected bug can turn this case from pass to fail on this kernel
 */
#define _GNU_SOURCE	/* F_ADD_SEALS, F_SEAL_FUTURE_WRITE, MFD_ALLOW_SEALING */
#include "mmapcheck.h"

int main(void)
{
#if defined(__linux__) && defined(MFD_ALLOW_SEALING) && defined(F_ADD_SEALS) && defined(F_SEAL_FUTURE_WRITE)
	const long implied = F_SEAL_GROW | F_SEAL_SHRINK | F_SEAL_WRITE | F_SEAL_FUTURE_WRITE;
	long seals;
	int fd, probe;

	mc_begin();
	if (mc_setting_number("/proc/sys/vm/memfd_noexec") >= 2)
		mc_skip("vm.memfd_noexec=2 here: MFD_EXEC is refused, and a file made without it is sealed against exec from the start");
	/* F_SEAL_EXEC came with MFD_NOEXEC_SEAL (Linux 6.3); where that flag is unknown, so is the seal
	 * (an implementation that records any seal bit would make this case meaningless). */
	probe = memfd_create("mmapcheck-probe", MFD_NOEXEC_SEAL);
	if (probe == -1 && errno == EINVAL)
		mc_skip("memfd_create(MFD_NOEXEC_SEAL) fails with EINVAL: MFD_NOEXEC_SEAL and F_SEAL_EXEC are Linux 6.3 and later");
	if (probe != -1)
		SAFE(close(probe));
	/* Not MFD_NOEXEC_SEAL, which would seal at once: the call under test seals it. */
	fd = (int)SAFE(memfd_create("mmapcheck", MFD_ALLOW_SEALING));
	SAFE(fchmod(fd, 0600));
	if (fcntl(fd, F_ADD_SEALS, F_SEAL_EXEC) == -1 && errno == EINVAL)
		mc_skip("this kernel does not know F_SEAL_EXEC (Linux 6.3 and later)");
	seals = SAFE(fcntl(fd, F_GET_SEALS));
	mc_observe("seals", "0x%lx", seals);
	if (!(seals & F_SEAL_EXEC))
		mc_broken("F_ADD_SEALS(F_SEAL_EXEC) returned 0 but the seals are 0x%lx", seals);

	mc_check((seals & implied) == implied, "after F_ADD_SEALS(F_SEAL_EXEC) the seals are 0x%lx, without all of 0x%lx",
		 seals, implied);
	return mc_finish();
#else
	mc_begin();
	mc_skip("memfd_create() sealing is not defined on this platform (F_SEAL_EXEC is Linux 6.3 and later)");
#endif
}

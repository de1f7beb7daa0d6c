/*
 * Claim: fcntl(F_ADD_SEALS) with a seal bit no release defines fails with EINVAL and adds no seal, though the same call with a known seal succeeds.
 * Source: Linux man-pages fcntl(2), ERRORS: "EINVAL cmd is F_ADD_SEALS and arg includes an unrecognized sealing bit."
 * Covers: fcntl(2) EINVAL "unrecognized sealing bit"
 * Covers: F_ADD_SEALS(2const) EINVAL "unrecognized sealing bit"
 * Claim-call: fcntl_add_seals
 * Tags: memfd errno extension
 * Requires: linux
 */
#define _GNU_SOURCE	/* F_ADD_SEALS, MFD_ALLOW_SEALING */
#include "mmapcheck.h"

int main(void)
{
#if defined(MFD_ALLOW_SEALING) && defined(F_ADD_SEALS)
	/* Far above F_SEAL_EXEC (0x20), the highest seal so far. */
	const long unknown = 0x4000;
	long seals, initial;
	int fd;

	mc_begin();
	fd = (int)SAFE(memfd_create("mmapcheck", MFD_ALLOW_SEALING));
	initial = SAFE(fcntl(fd, F_GET_SEALS));	/* F_SEAL_EXEC under vm.memfd_noexec 1 or 2 */

	MC_EXPECT_ERRNO(fcntl(fd, F_ADD_SEALS, unknown | F_SEAL_GROW), EINVAL);
	seals = SAFE(fcntl(fd, F_GET_SEALS));
	mc_observe("seals", "0x%lx", seals);
	mc_check(seals == initial, "the seals are 0x%lx after the refused call, not 0x%lx", seals, initial);
	/* The control: the known seal alone is accepted. */
	mc_check(fcntl(fd, F_ADD_SEALS, F_SEAL_GROW) == 0 && fcntl(fd, F_GET_SEALS) == (initial | F_SEAL_GROW),
		 "F_ADD_SEALS(F_SEAL_GROW) alone did not add the seal");
	return mc_finish();
#else
	mc_begin();
	mc_skip("memfd_create() sealing (MFD_ALLOW_SEALING, F_ADD_SEALS) is not defined on this platform");
#endif
}

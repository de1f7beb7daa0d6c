/*
 * Claim: A memfd made with MFD_ALLOW_SEALING starts with no seal, and fcntl(F_ADD_SEALS) on it then succeeds.
 * Source: Linux man-pages memfd_create(2), MFD_ALLOW_SEALING: "Allow sealing operations on this file. [...] The initial set of seals is empty."
 * Source: Linux man-pages F_GET_SEALS(2const): "If no seals are set, 0 is returned."
 * Claim-call: memfd_create
 * Tags: memfd extension
 * Requires: linux
 */
#define _GNU_SOURCE	/* F_ADD_SEALS, MFD_ALLOW_SEALING */
#include "mmapcheck.h"

int main(void)
{
#if defined(MFD_ALLOW_SEALING) && defined(F_ADD_SEALS)
	long initial, after;
	int fd;

	mc_begin();
	fd = (int)SAFE(memfd_create("mmapcheck", MFD_ALLOW_SEALING));
	initial = SAFE(fcntl(fd, F_GET_SEALS));
	mc_observe("initial_seals", "0x%lx", initial);
	mc_check(initial == 0, "the initial seals are 0x%lx, not empty", initial);

	MC_EXPECT_ERRNO(fcntl(fd, F_ADD_SEALS, F_SEAL_GROW), 0);
	after = SAFE(fcntl(fd, F_GET_SEALS));
	mc_observe("seals", "0x%lx", after);
	mc_check(after == F_SEAL_GROW, "after adding F_SEAL_GROW the seals are 0x%lx", after);
	return mc_finish();
#else
	mc_begin();
	mc_skip("memfd_create() sealing (MFD_ALLOW_SEALING, F_ADD_SEALS) is not defined on this platform");
#endif
}

/*
 * Claim: fcntl(F_ADD_SEALS) with a seal the memfd already has (and no F_SEAL_SEAL) succeeds and leaves the seals as they were.
 * Source: Linux man-pages F_ADD_SEALS(2const): "Adding a seal that is already set is a no-op, in case F_SEAL_SEAL is not set already."
 * Claim-call: fcntl_add_seals
 * Tags: memfd extension
 * Requires: linux
 */
#define _GNU_SOURCE	/* F_ADD_SEALS, MFD_ALLOW_SEALING */
#include "mmapcheck.h"

int main(void)
{
#if defined(MFD_ALLOW_SEALING) && defined(F_ADD_SEALS)
	long seals, initial;
	int fd;

	mc_begin();
	fd = (int)SAFE(memfd_create("mmapcheck", MFD_ALLOW_SEALING));
	SAFE(ftruncate(fd, (off_t)mc_page_size()));
	initial = SAFE(fcntl(fd, F_GET_SEALS));	/* F_SEAL_EXEC under vm.memfd_noexec 1 or 2 */
	SAFE(fcntl(fd, F_ADD_SEALS, F_SEAL_GROW));
	/* The control: the first call sealed the file. */
	if (ftruncate(fd, (off_t)(2 * mc_page_size())) != -1 || errno != EPERM)
		mc_broken("F_SEAL_GROW is not in force: growing the file is not refused with EPERM");

	MC_EXPECT_ERRNO(fcntl(fd, F_ADD_SEALS, F_SEAL_GROW), 0);
	seals = SAFE(fcntl(fd, F_GET_SEALS));
	mc_observe("seals", "0x%lx", seals);
	mc_check(seals == (initial | F_SEAL_GROW), "the seals are 0x%lx after adding F_SEAL_GROW twice to 0x%lx", seals, initial);
	return mc_finish();
#else
	mc_begin();
	mc_skip("memfd_create() sealing (MFD_ALLOW_SEALING, F_ADD_SEALS) is not defined on this platform");
#endif
}

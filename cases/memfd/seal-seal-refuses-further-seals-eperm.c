/*
 * Claim: Once F_SEAL_SEAL is set on a memfd, fcntl(F_ADD_SEALS) fails with EPERM and the set of seals stays as it was.
 * Source: Linux man-pages fcntl(2), F_SEAL_SEAL: "If this seal is set, any further call to fcntl() with F_ADD_SEALS fails with the error EPERM. Therefore, this seal prevents any modifications to the set of seals itself."
 * Source: Linux man-pages fcntl(2), ERRORS: "EPERM cmd was F_ADD_SEALS, but fd was not open for writing or the current set of seals on the file already includes F_SEAL_SEAL."
 * Covers: fcntl(2) EPERM "F_SEAL_SEAL"
 * Covers: F_ADD_SEALS(2const) EPERM "F_SEAL_SEAL"
 * Tags: memfd errno extension
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
	initial = SAFE(fcntl(fd, F_GET_SEALS));	/* F_SEAL_EXEC under vm.memfd_noexec 1 or 2 */
	SAFE(fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_SEAL));

	MC_EXPECT_ERRNO(fcntl(fd, F_ADD_SEALS, F_SEAL_GROW), EPERM);
	seals = SAFE(fcntl(fd, F_GET_SEALS));
	mc_observe("seals", "0x%lx", seals);
	mc_check(seals == (initial | F_SEAL_SHRINK | F_SEAL_SEAL), "the seals are 0x%lx, not 0x%lx with F_SEAL_SHRINK | F_SEAL_SEAL", seals, initial);
	return mc_finish();
#else
	mc_begin();
	mc_skip("memfd_create() sealing (MFD_ALLOW_SEALING, F_ADD_SEALS) is not defined on this platform");
#endif
}

/*
 * Claim: fcntl(F_ADD_SEALS) through a descriptor of the memfd opened read-only fails with EPERM and adds no seal.
 * Source: Linux man-pages fcntl(2), ERRORS: "EPERM cmd was F_ADD_SEALS, but fd was not open for writing or the current set of seals on the file already includes F_SEAL_SEAL."
 * Source: Linux man-pages F_ADD_SEALS(2const): "In order to place a seal, the file descriptor fd must be writable."
 * Covers: fcntl(2) EPERM "not open for writing"
 * Covers: F_ADD_SEALS(2const) EPERM "not open for writing"
 * Claim-call: fcntl_add_seals
 * Tags: memfd errno procfs extension
 * Requires: linux
 */
#define _GNU_SOURCE	/* F_ADD_SEALS, MFD_ALLOW_SEALING */
#include "mmapcheck.h"

int main(void)
{
#if defined(MFD_ALLOW_SEALING) && defined(F_ADD_SEALS)
	char path[64];
	long seals, initial;
	int fd, ro;

	mc_begin();
	fd = (int)SAFE(memfd_create("mmapcheck", MFD_ALLOW_SEALING));
	initial = SAFE(fcntl(fd, F_GET_SEALS));	/* F_SEAL_EXEC under vm.memfd_noexec 1 or 2 */
	/* A second, read-only open of the same file: the memfd has no other name. */
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	ro = open(path, O_RDONLY);
	if (ro == -1 && (errno == ENOENT || errno == EACCES))
		mc_skip("%s cannot be opened (%s): no other way to open the memfd read-only", path, mc_errno_name(errno));
	if (ro == -1)
		mc_broken("open(%s, O_RDONLY) failed: %s", path, mc_errno_name(errno));

	MC_EXPECT_ERRNO(fcntl(ro, F_ADD_SEALS, F_SEAL_GROW), EPERM);
	seals = SAFE(fcntl(fd, F_GET_SEALS));
	mc_observe("seals", "0x%lx", seals);
	mc_check(seals == initial, "the seals are 0x%lx after the refused call, not 0x%lx", seals, initial);
	/* The control: the same seal through the read/write descriptor is accepted. */
	mc_check(fcntl(fd, F_ADD_SEALS, F_SEAL_GROW) == 0, "F_ADD_SEALS through the read/write descriptor failed with %s",
		 mc_errno_name(errno));
	return mc_finish();
#else
	mc_begin();
	mc_skip("memfd_create() sealing (MFD_ALLOW_SEALING, F_ADD_SEALS) is not defined on this platform");
#endif
}

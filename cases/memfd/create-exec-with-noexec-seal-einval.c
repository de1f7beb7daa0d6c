/*
 * Claim: memfd_create() with both MFD_EXEC and MFD_NOEXEC_SEAL fails with EINVAL, where each flag alone is accepted.
 * Source: Linux Documentation/userspace-api/mfd_noexec.rst: MFD_NOEXEC_SEAL makes the memfd "created with NX", MFD_EXEC "created with X" (contradictory requests)
 * Source: Linux mm/memfd.c, memfd_create() (since 6.3, commit 105ff5339f49 "mm/memfd: add MFD_NOEXEC_SEAL and MFD_EXEC"): MFD_EXEC together with MFD_NOEXEC_SEAL is refused with EINVAL
 * Covers: MFD_NOEXEC_SEAL(kernel) EINVAL
 * Claim-call: memfd_create
 * Tags: memfd errno extension
 * Requires: linux
 */
#define _GNU_SOURCE	/* F_ADD_SEALS, MFD_ALLOW_SEALING */
#include "mmapcheck.h"

int main(void)
{
#if defined(__linux__) && defined(MFD_ALLOW_SEALING) && defined(F_ADD_SEALS)
	int fd;

	mc_begin();
	/* The control: the kernel knows the flags (MFD_NOEXEC_SEAL works under any vm.memfd_noexec). */
	fd = memfd_create("mmapcheck", MFD_NOEXEC_SEAL);
	if (fd == -1 && errno == EINVAL)
		mc_skip("memfd_create(MFD_NOEXEC_SEAL) alone fails with EINVAL: the flag is Linux 6.3 and later");
	if (fd == -1)
		mc_broken("memfd_create(MFD_NOEXEC_SEAL) failed: %s", mc_errno_name(errno));
	SAFE(close(fd));

	MC_EXPECT_ERRNO(memfd_create("mmapcheck", MFD_EXEC | MFD_NOEXEC_SEAL), EINVAL);
	return mc_finish();
#else
	mc_begin();
	mc_skip("memfd_create() sealing is not defined on this platform (MFD_NOEXEC_SEAL is Linux 6.3 and later)");
#endif
}

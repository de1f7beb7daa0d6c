/*
 * Claim: memfd_secret() with a flag bit it does not know fails with EINVAL, where flags 0 succeeds.
 * Source: Linux man-pages memfd_secret(2), ERRORS: "EINVAL flags included unknown bits."
 * Covers: memfd_secret(2) EINVAL
 * Claim-call: memfd_secret
 * Tags: secretmem errno extension
 * Requires: linux
 */
#include "mmapcheck.h"

int main(void)
{
#ifdef __linux__
	/* A bit far from O_CLOEXEC, the one flag memfd_secret() has ever taken. */
	const unsigned int unknown = 0x40000000u;
	int fd;

	mc_begin();
	if (unknown & O_CLOEXEC)
		mc_broken("the chosen bit 0x%x is O_CLOEXEC", unknown);
	fd = (int)mc_memfd_secret(0);
	if (fd == -1 && errno == ENOSYS)
		mc_skip("memfd_secret() answers ENOSYS: not provided here (it is Linux 5.14 and later, where the architecture wires it and secretmem.enable is not 0, off by default before 6.5; an emulator or sandbox may lack it)");
	if (fd == -1)
		mc_broken("memfd_secret(0) failed: %s", mc_errno_name(errno));

	MC_EXPECT_ERRNO(mc_memfd_secret(unknown), EINVAL);
	return mc_finish();
#else
	mc_begin();
	mc_skip("memfd_secret() is a Linux call");
#endif
}

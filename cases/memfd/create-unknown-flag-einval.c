/*
 * Claim: memfd_create() with a flag bit it does not know fails with EINVAL.
 * Source: Linux man-pages memfd_create(2), ERRORS: "EINVAL flags included unknown bits."; DESCRIPTION: "Unused bits in flags must be 0."
 * Covers: memfd_create(2) EINVAL "unknown bits"
 * Tags: memfd errno extension
 * Requires: linux
 */
#define _GNU_SOURCE	/* MFD_ALLOW_SEALING */
#include "mmapcheck.h"

int main(void)
{
#if defined(MFD_ALLOW_SEALING)
	/* A bit below MFD_HUGETLB's size field that no version defines. */
	unsigned int unknown = 0x1000;

	mc_begin();
	if (unknown & (MFD_CLOEXEC | MFD_ALLOW_SEALING))
		mc_broken("the chosen bit 0x%x is a known flag", unknown);
	MC_EXPECT_ERRNO(memfd_create("mmapcheck", unknown), EINVAL);
	return mc_finish();
#else
	mc_begin();
	mc_skip("memfd_create() is not defined on this platform");
#endif
}

/*
 * Claim: memfd_create() with a name pointer into an inaccessible (PROT_NONE) page fails with EFAULT.
 * Source: Linux man-pages memfd_create(2), ERRORS: "EFAULT The address in name points to invalid memory."
 * Covers: memfd_create(2) EFAULT
 * Tags: memfd errno extension
 * Requires: linux
 */
#define _GNU_SOURCE	/* MFD_ALLOW_SEALING */
#include "mmapcheck.h"

int main(void)
{
#if defined(MFD_ALLOW_SEALING)
	char *p;

	mc_begin();
	p = SAFE_MMAP(NULL, mc_page_size(), PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	MC_EXPECT_ERRNO(memfd_create(p, 0), EFAULT);
	return mc_finish();
#else
	mc_begin();
	mc_skip("memfd_create() is not defined on this platform");
#endif
}

/*
 * Claim: munmap() of a range near the top of the address range, above where user mappings can go, fails with EINVAL.
 * Source: POSIX.1-2017 munmap(), ERRORS: "[EINVAL] Addresses in the range [addr,addr+len) are outside the valid range for the address space of a process."
 * Source: Linux man-pages mmap(2), ERRORS (shared by munmap()): "EINVAL We don't like addr, length, or offset (e.g., they are too large, or not aligned on a page boundary)."
 * Covers: mmap(2) EINVAL "We don't like addr, length, or offset"
 * Tags: munmap errno
 */
#include "mmapcheck.h"

int main(void)
{
	unsigned char *top;
	size_t pg;

	mc_begin();
	pg = mc_page_size();
	top = mc_above_user_space(pg);

	MC_EXPECT_ERRNO(munmap(top, pg), EINVAL);
	return mc_finish();
}

/*
 * Claim: munmap() with an address that is not a multiple of the page size fails with EINVAL.
 * Source: Linux man-pages mmap(2), munmap(): "The address addr must be a multiple of the page size (but length need not be)"; RETURN VALUE: on failure errno is set "(probably to EINVAL)"
 * Source: SUSv3 (POSIX.1-2001) munmap(), ERRORS: shall fail with [EINVAL] if "The addr argument is not a multiple of the page size as returned by sysconf()" (POSIX.1-2008, DESCRIPTION, only says the implementation may require an aligned addr)
 * Source: FreeBSD munmap(2), ERRORS: [EINVAL] "The addr argument was not page aligned"
 * Covers: mmap(2) EINVAL "We don't like addr, length, or offset"
 * Tags: munmap errno anonymous
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"

int main(void)
{
	size_t pg;
	char *p;

	mc_begin();
	pg = mc_page_size();
	p = SAFE_MMAP(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	MC_EXPECT_ERRNO(munmap(p + 1, pg), EINVAL);
	return mc_finish();
}

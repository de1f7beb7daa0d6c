/*
 * Claim: mmap() with MAP_FIXED and an addr that is not a multiple of the page size fails with EINVAL.
 * Source: POSIX.1-2017 mmap(), ERRORS: "[EINVAL] The addr argument (if MAP_FIXED was specified) or off is not a multiple of the page size as returned by sysconf()"
 * Source: Linux man-pages mmap(2), MAP_FIXED: "addr must be suitably aligned"; ERRORS: EINVAL for addr "not aligned on a page boundary"
 * Source: FreeBSD mmap(2), ERRORS: "[EINVAL] MAP_FIXED was specified and the addr argument was not page aligned"
 * Covers: mmap(2) EINVAL "We don't like addr, length, or offset"
 * Tags: mmap errno anonymous
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"

int main(void)
{
	unsigned char *p;
	size_t pg;

	mc_begin();
	pg = mc_page_size();
	/* Reserve the range first, so that a wrongful success clobbers only our own pages. */
	p = SAFE_MMAP(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	MC_EXPECT_MAP_ERRNO(mmap(p + pg / 2, pg, PROT_READ | PROT_WRITE,
				 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0), EINVAL);
	SAFE(munmap(p, 2 * pg));
	return mc_finish();
}

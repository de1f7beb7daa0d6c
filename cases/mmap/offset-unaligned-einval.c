/*
 * Claim: mmap() with an offset that is not a multiple of the page size fails with EINVAL.
 * Source: Linux man-pages mmap(2), ERRORS: EINVAL "... or offset ... not aligned on a page boundary"
 * Source: POSIX.1-2001 mmap(): "[EINVAL] The addr argument (if MAP_FIXED was specified) or off is not a multiple of the page size"
 * Covers: mmap(2) EINVAL "We don't like addr, length, or offset"
 * Tags: mmap errno file
 */
#include "mmapcheck.h"

int main(void)
{
	size_t pg;
	int fd;

	mc_begin();
	pg = mc_page_size();
	fd = (int)SAFE(open(mc_file("data", 2 * pg, 'a'), O_RDONLY));

	MC_EXPECT_MAP_ERRNO(mmap(NULL, pg, PROT_READ, MAP_PRIVATE, fd, (off_t)pg / 2), EINVAL);
	return mc_finish();
}

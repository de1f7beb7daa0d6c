/*
 * Claim: mmap() of a file descriptor that was closed fails with EBADF.
 * Source: Linux man-pages mmap(2), ERRORS: "EBADF fd is not a valid file descriptor (and MAP_ANONYMOUS was not set)"
 * Source: POSIX.1-2017 mmap(), ERRORS: "[EBADF] The fildes argument is not a valid open file descriptor."
 * Covers: mmap(2) EBADF
 * Tags: mmap errno file
 */
#include "mmapcheck.h"

int main(void)
{
	size_t pg;
	int fd;

	mc_begin();
	pg = mc_page_size();
	/* A descriptor that was a mappable file a moment ago: only its closing makes it invalid. */
	fd = (int)SAFE(open(mc_file("data", pg, 'a'), O_RDWR));
	SAFE(close(fd));

	MC_EXPECT_MAP_ERRNO(mmap(NULL, pg, PROT_READ, MAP_PRIVATE, fd, 0), EBADF);
	return mc_finish();
}

/*
 * Claim: mmap() with a length of 0 fails with EINVAL.
 * Source: Linux man-pages mmap(2), ERRORS: "EINVAL (since Linux 2.6.12) length was 0"
 * Source: POSIX.1-2008 mmap(), ERRORS: "[EINVAL] The value of len is zero."
 * Source: FreeBSD mmap(2), ERRORS: "[EINVAL] The len argument was equal to zero."
 * Covers: mmap(2) EINVAL "length was 0"
 * Tags: mmap errno file
 */
#include "mmapcheck.h"

int main(void)
{
	size_t pg;
	int fd;

	mc_begin();
	pg = mc_page_size();
	/* A file mapping, so that the case needs nothing beyond POSIX.1-2008. */
	fd = (int)SAFE(open(mc_file("data", pg, 'a'), O_RDONLY));

	MC_EXPECT_MAP_ERRNO(mmap(NULL, 0, PROT_READ, MAP_PRIVATE, fd, 0), EINVAL);
	return mc_finish();
}

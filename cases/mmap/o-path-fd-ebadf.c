/*
 * Claim: mmap() of a descriptor opened with O_PATH fails with EBADF, since such a descriptor only names the file and cannot be used for I/O.
 * Source: Linux man-pages open(2), O_PATH: "The file itself is not opened, and other file operations (e.g., read(2), write(2), fchmod(2), fchown(2), fgetxattr(2), ioctl(2), mmap(2)) fail with the error EBADF"
 * Source: Linux man-pages mmap(2), ERRORS: "EBADF fd is not a valid file descriptor (and MAP_ANONYMOUS was not set)"
 * Covers: mmap(2) EBADF
 * Tags: mmap errno file extension
 * Requires: linux
 */
#define _GNU_SOURCE	/* O_PATH */
#include "mmapcheck.h"

#ifdef O_PATH
int main(void)
{
	size_t pg;
	int fd;

	mc_begin();
	pg = mc_page_size();
	/* The file is readable and writable by us: only the O_PATH descriptor stands in the way. */
	fd = (int)SAFE(open(mc_file("data", pg, 'a'), O_PATH));

	MC_EXPECT_MAP_ERRNO(mmap(NULL, pg, PROT_READ, MAP_PRIVATE, fd, 0), EBADF);
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("O_PATH is not defined on this platform");
}
#endif

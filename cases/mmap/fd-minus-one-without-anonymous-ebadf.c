/*
 * Claim: mmap() with fd -1 and without MAP_ANONYMOUS fails with EBADF: -1 names a file mapping of no file, not an anonymous one.
 * Source: Linux man-pages mmap(2), ERRORS: "EBADF fd is not a valid file descriptor (and MAP_ANONYMOUS was not set)"
 * Source: POSIX.1-2017 mmap(), ERRORS: "[EBADF] The fildes argument is not a valid open file descriptor."
 * Covers: mmap(2) EBADF
 * Tags: mmap errno file
 */
#include "mmapcheck.h"

int main(void)
{
	size_t pg;

	mc_begin();
	pg = mc_page_size();

	/* A wrongful success hands out memory: anonymous behaviour without the flag. */
	MC_EXPECT_MAP_ERRNO(mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE, -1, 0), EBADF);
	return mc_finish();
}

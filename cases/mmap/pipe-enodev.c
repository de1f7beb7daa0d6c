/*
 * Claim: mmap() of the read end of a pipe fails with ENODEV, a pipe being a file type that cannot be mapped.
 * Source: POSIX.1-2017 mmap(), ERRORS: "[ENODEV] The fildes argument refers to a file whose type is not supported by mmap()."
 * Source: Linux man-pages mmap(2), ERRORS: "ENODEV The underlying filesystem of the specified file does not support memory mapping." (pipefs has no mmap operation)
 * Source: FreeBSD mmap(2), ERRORS: "[ENODEV] MAP_ANON has not been specified and fd did not reference a regular or character special file."
 * Covers: mmap(2) ENODEV
 * Tags: mmap errno file
 */
#include "mmapcheck.h"

int main(void)
{
	size_t pg;
	int p[2];

	mc_begin();
	pg = mc_page_size();
	SAFE(pipe(p));
	/* The pipe holds data, so a wrongful success would have something to show. */
	if (write(p[1], "data", 4) != 4)
		mc_broken("write() to the pipe failed: %s", mc_errno_name(errno));

	MC_EXPECT_MAP_ERRNO(mmap(NULL, pg, PROT_READ, MAP_PRIVATE, p[0], 0), ENODEV);
	return mc_finish();
}

/*
 * Claim: mmap() of a descriptor open on a directory fails with ENODEV, a directory being a file type that cannot be mapped.
 * Source: POSIX.1-2017 mmap(), ERRORS: "[ENODEV] The fildes argument refers to a file whose type is not supported by mmap()."
 * Source: Linux man-pages mmap(2), ERRORS: "ENODEV The underlying filesystem of the specified file does not support memory mapping." (directories have no mmap operation)
 * Source: FreeBSD mmap(2), ERRORS: "[ENODEV] MAP_ANON has not been specified and fd did not reference a regular or character special file."
 * Covers: mmap(2) ENODEV
 * Tags: mmap errno file
 */
#include "mmapcheck.h"

int main(void)
{
	char dir[PATH_MAX];
	const char *file;
	size_t pg;
	int fd;

	mc_begin();
	pg = mc_page_size();
	/* The case's private directory, with one file in it so that it is not empty. */
	file = mc_file("data", pg, 'a');
	snprintf(dir, sizeof(dir), "%.*s", (int)(strrchr(file, '/') - file), file);
	fd = (int)SAFE(open(dir, O_RDONLY | O_DIRECTORY));

	MC_EXPECT_MAP_ERRNO(mmap(NULL, pg, PROT_READ, MAP_PRIVATE, fd, 0), ENODEV);
	return mc_finish();
}

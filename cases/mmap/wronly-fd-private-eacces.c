/*
 * Claim: mmap() with PROT_READ and MAP_PRIVATE of a descriptor opened O_WRONLY fails with EACCES: a private mapping also needs a descriptor open for reading.
 * Source: Linux man-pages mmap(2), ERRORS: "EACCES ... Or a file mapping was requested, but fd is not open for reading."
 * Source: POSIX.1-2017 mmap(), ERRORS: "[EACCES] The fildes argument is not open for read, regardless of the protection specified"
 * Source: FreeBSD mmap(2), ERRORS: "[EACCES] The flag PROT_READ was specified as part of the prot argument and fd was not open for reading."
 * Covers: mmap(2) EACCES
 * Tags: mmap errno file private
 */
#include "mmapcheck.h"

int main(void)
{
	size_t pg;
	int fd;

	mc_begin();
	pg = mc_page_size();
	fd = (int)SAFE(open(mc_file("data", pg, 'a'), O_WRONLY));

	/* The copy-on-write case: no store would ever reach the file, yet reading it is refused. */
	MC_EXPECT_MAP_ERRNO(mmap(NULL, pg, PROT_READ, MAP_PRIVATE, fd, 0), EACCES);
	return mc_finish();
}

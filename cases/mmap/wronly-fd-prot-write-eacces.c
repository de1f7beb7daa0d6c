/*
 * Claim: mmap() with PROT_WRITE alone and MAP_SHARED of a descriptor opened O_WRONLY fails with EACCES, because a file mapping needs a descriptor open for reading whatever the protection.
 * Source: POSIX.1-2017 mmap(), ERRORS: "[EACCES] The fildes argument is not open for read, regardless of the protection specified"
 * Source: Linux man-pages mmap(2), ERRORS: EACCES "a file mapping was requested, but fd is not open for reading"
 * Covers: mmap(2) EACCES
 * Tags: mmap errno file shared
 */
#include "mmapcheck.h"

int main(void)
{
	size_t pg;
	int fd;

	mc_begin();
	pg = mc_page_size();
	fd = (int)SAFE(open(mc_file("data", pg, 'a'), O_WRONLY));

	/* No PROT_READ: the BSDs document EACCES only when PROT_READ is asked for. */
	MC_EXPECT_MAP_ERRNO(mmap(NULL, pg, PROT_WRITE, MAP_SHARED, fd, 0), EACCES);
	return mc_finish();
}

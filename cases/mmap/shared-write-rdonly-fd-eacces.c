/*
 * Claim: mmap() with MAP_SHARED and PROT_WRITE of a descriptor opened O_RDONLY fails with EACCES.
 * Source: Linux man-pages mmap(2), ERRORS: EACCES "MAP_SHARED was requested and PROT_WRITE is set, but fd is not open in read/write (O_RDWR) mode"
 * Source: POSIX.1-2017 mmap(), ERRORS: "[EACCES] ... fildes is not open for write and PROT_WRITE was specified for a MAP_SHARED type mapping"
 * Source: FreeBSD mmap(2), ERRORS: EACCES when MAP_SHARED and PROT_WRITE were given "and fd was not open for writing"
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
	/* The check is on the descriptor's open mode: the owner (even root) is refused. */
	fd = (int)SAFE(open(mc_file("data", pg, 'a'), O_RDONLY));

	MC_EXPECT_MAP_ERRNO(mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0), EACCES);
	return mc_finish();
}

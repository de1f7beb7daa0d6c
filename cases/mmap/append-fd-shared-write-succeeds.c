/*
 * Claim: mmap() with MAP_SHARED and PROT_READ|PROT_WRITE of a descriptor opened O_RDWR|O_APPEND succeeds, since mmap() asks only that the descriptor be open for reading and writing.
 * Source: POSIX.1-2017 mmap(), ERRORS: EACCES only when fildes "is not open for read" or "is not open for write and PROT_WRITE was specified for a MAP_SHARED type mapping"
 * Source: Linux man-pages mmap(2), ERRORS: EACCES needs fd "open in read/write (O_RDWR) mode"; its "file is append-only" case is the inode attribute (IS_APPEND() in mm/mmap.c do_mmap()), not O_APPEND
 * Tags: mmap file shared
 */
#include "mmapcheck.h"

int main(void)
{
	size_t pg;
	void *p;
	int fd;

	mc_begin();
	pg = mc_page_size();
	fd = (int)SAFE(open(mc_file("data", pg, 'a'), O_RDWR | O_APPEND));

	p = MC_EXPECT_MAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	SAFE(munmap(p, pg));
	return mc_finish();
}

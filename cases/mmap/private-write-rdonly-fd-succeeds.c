/*
 * Claim: mmap() with MAP_PRIVATE and PROT_READ|PROT_WRITE of a descriptor opened O_RDONLY succeeds.
 * Source: POSIX.1-2017 mmap(), DESCRIPTION: the descriptor must be open for writing when PROT_WRITE is given "unless MAP_PRIVATE is specified"
 * Source: Linux man-pages mmap(2), ERRORS: EACCES for a descriptor not open for writing is listed only for MAP_SHARED with PROT_WRITE
 * Source: FreeBSD mmap(2), ERRORS: EACCES for a descriptor not open for writing needs both MAP_SHARED and PROT_WRITE
 * Tags: mmap file private
 */
#include "mmapcheck.h"

int main(void)
{
	size_t pg;
	void *p;
	int fd;

	mc_begin();
	pg = mc_page_size();
	fd = (int)SAFE(open(mc_file("data", pg, 'a'), O_RDONLY));

	/* Copy-on-write stores never go to the file, so no write access is needed. */
	p = MC_EXPECT_MAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	SAFE(munmap(p, pg));
	return mc_finish();
}

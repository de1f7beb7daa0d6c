/*
 * Claim: A store through a MAP_PRIVATE file mapping does not change the file: pread() returns the old bytes, while the mapping exists and after munmap().
 * Source: Linux man-pages mmap(2), MAP_PRIVATE: "Updates to the mapping ... are not carried through to the underlying file."
 * Source: POSIX.1-2017 mmap(), DESCRIPTION: with MAP_PRIVATE, modifications to the mapped data by the calling process are visible only to it and do not change the underlying object
 * Tags: mmap file private
 */
#include "mmapcheck.h"

int main(void)
{
	unsigned char during = 0, after = 0;
	size_t pg;
	char *p;
	int fd;

	mc_begin();
	pg = mc_page_size();
	fd = (int)SAFE(open(mc_file("data", pg, 'a'), O_RDWR));
	p = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);

	p[7] = 'Z';
	SAFE(pread(fd, &during, 1, 7));
	SAFE(munmap(p, pg));
	SAFE(pread(fd, &after, 1, 7));

	mc_observe("pread_mapped", "0x%02x", during);
	mc_observe("pread_unmapped", "0x%02x", after);
	mc_check(during == 'a', "pread() while mapped gave 0x%02x, not the file's 'a'", during);
	mc_check(after == 'a', "pread() after munmap gave 0x%02x, not the file's 'a'", after);
	return mc_finish();
}

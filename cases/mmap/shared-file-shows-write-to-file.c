/*
 * Claim: A write() to a file is visible at once through an existing MAP_SHARED mapping of that file whose page was already mapped, with no msync() or remapping in between.
 * Source: POSIX.1-2017 mmap(), DESCRIPTION: mmap() establishes a mapping "to the memory object represented by the file descriptor" (the object itself, which write() changes); "If MAP_SHARED is specified, write references shall change the underlying object."
 * Source: FreeBSD mmap(2), MAP_NOSYNC: "VM/file system coherency is maintained"; FreeBSD msync(2): msync "is usually not needed since BSD implements a coherent file system buffer cache"
 * Tags: mmap file shared coherence
 */
#include "mmapcheck.h"

int main(void)
{
	volatile char *p;
	unsigned char c;
	size_t pg;
	int fd;

	mc_begin();
	pg = mc_page_size();
	fd = (int)SAFE(open(mc_file("data", 2 * pg, 'a'), O_RDWR));
	p = SAFE_MMAP(NULL, 2 * pg, PROT_READ, MAP_SHARED, fd, 0);

	c = (unsigned char)p[pg + 7];	/* the page is mapped before the write() */
	if (c != 'a')
		mc_broken("the mapping shows 0x%02x, not the file's 'a'", c);
	if (SAFE(pwrite(fd, "Z", 1, (off_t)(pg + 7))) != 1)
		mc_broken("short pwrite()");
	c = (unsigned char)p[pg + 7];

	mc_observe("mapping_saw", "0x%02x", c);
	mc_check(c == 'Z', "the mapping shows 0x%02x after pwrite() of 'Z' to the file", c);
	return mc_finish();
}

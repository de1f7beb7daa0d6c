/*
 * Claim: A store through a MAP_SHARED file mapping is seen at once by pread() on the file, with no msync(), munmap() or close() in between.
 * Source: POSIX.1-2017 mmap(), DESCRIPTION: "If MAP_SHARED is specified, write references shall change the underlying object" (the object read() reads, not a later copy of it)
 * Source: FreeBSD mmap(2), MAP_NOSYNC: "VM/file system coherency is maintained"; msync(2) "is usually not needed since BSD implements a coherent file system buffer cache"
 * Tags: mmap file shared coherence
 */
#include "mmapcheck.h"

int main(void)
{
	unsigned char c = 0;
	size_t pg;
	char *p;
	int fd;

	mc_begin();
	pg = mc_page_size();
	fd = (int)SAFE(open(mc_file("data", 2 * pg, 'a'), O_RDWR));
	p = SAFE_MMAP(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

	/* Read the byte through the file first, so any cached copy is the old one. */
	SAFE(pread(fd, &c, 1, (off_t)(pg + 7)));
	p[pg + 7] = 'Z';
	if (SAFE(pread(fd, &c, 1, (off_t)(pg + 7))) != 1)
		mc_broken("pread() returned no byte");

	mc_observe("pread", "0x%02x", c);
	mc_check(c == 'Z', "pread() gave '%c' (0x%02x) right after the store of 'Z'", c, c);
	return mc_finish();
}

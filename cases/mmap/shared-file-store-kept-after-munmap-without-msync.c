/*
 * Claim: A store through a MAP_SHARED file mapping stays in the file after munmap() and close() with no msync(): a new descriptor's pread() returns it.
 * Source: POSIX.1-2017 mmap(), DESCRIPTION: "If MAP_SHARED is specified, write references shall change the underlying object."; munmap() removes the mapping, not the changes made to the object
 * Source: Linux man-pages mmap(2), MAP_SHARED: updates "are carried through to the underlying file" (msync(2) controls when they reach storage, not whether)
 * Source: FreeBSD msync(2): msync() "is usually not needed since BSD implements a coherent file system buffer cache"
 * Tags: mmap file shared coherence
 */
#include "mmapcheck.h"

int main(void)
{
	unsigned char c = 0;
	const char *path;
	size_t pg;
	char *p;
	int fd;

	mc_begin();
	pg = mc_page_size();
	path = mc_file("data", 2 * pg, 'a');
	fd = (int)SAFE(open(path, O_RDWR));
	p = SAFE_MMAP(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	p[pg + 3] = 'Z';
	SAFE(munmap(p, 2 * pg));
	SAFE(close(fd));

	fd = (int)SAFE(open(path, O_RDONLY));
	if (SAFE(pread(fd, &c, 1, (off_t)(pg + 3))) != 1)
		mc_broken("pread() returned no byte");
	mc_observe("pread", "0x%02x", c);
	mc_check(c == 'Z', "after munmap() and close() the file holds 0x%02x, not the stored 'Z'", c);
	return mc_finish();
}

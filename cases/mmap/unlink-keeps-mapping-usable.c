/*
 * Claim: After the mapped file is unlinked (and its descriptor closed), a MAP_SHARED mapping still reads the file's data, and stores through it still reach the file seen through another open descriptor.
 * Source: POSIX.1-2017 mmap(), DESCRIPTION: mmap() adds an extra reference to the file, which is not removed by a subsequent close(); munmap(), DESCRIPTION: the reference is removed when there are no more mappings
 * Source: POSIX.1-2017 unlink(), DESCRIPTION: when the link count becomes zero and no process has the file open, the space shall be freed; if processes have it open, removal is postponed until all references are closed
 * Source: Linux man-pages unlink(2), DESCRIPTION: "If the name was the last link to a file but any processes still have the file open, the file will remain in existence until the last file descriptor referring to it is closed."
 * Tags: mmap file shared coherence
 */
#include "mmapcheck.h"

int main(void)
{
	unsigned char via_fd = 0;
	const char *path;
	volatile char *p;
	unsigned char c;
	int fd, other;
	size_t pg;

	mc_begin();
	pg = mc_page_size();
	path = mc_file("data", 2 * pg, 'a');
	fd = (int)SAFE(open(path, O_RDWR));
	other = (int)SAFE(open(path, O_RDONLY));
	p = SAFE_MMAP(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	SAFE(close(fd));
	SAFE(unlink(path));

	c = (unsigned char)p[pg + 5];	/* first touch of page 1: after the unlink */
	p[pg + 6] = 'Z';
	SAFE(pread(other, &via_fd, 1, (off_t)(pg + 6)));

	mc_observe("mapping_read", "0x%02x", c);
	mc_observe("pread_after_store", "0x%02x", via_fd);
	mc_check(c == 'a', "the mapping reads 0x%02x after unlink(), not the file's 'a'", c);
	mc_check(via_fd == 'Z', "pread() on the unlinked file gives 0x%02x after a store of 'Z' through the mapping", via_fd);
	return mc_finish();
}

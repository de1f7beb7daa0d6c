/*
 * Claim: msync() with MS_SYNC on a MAP_SHARED file mapping returns 0, and afterwards the bytes stored through the mapping are in the file.
 * Source: POSIX.1-2017 msync(), DESCRIPTION: msync() writes all modified data to permanent storage locations; with MS_SYNC it does not return until all write operations are completed
 * Source: Linux man-pages msync(2), DESCRIPTION: msync() "flushes changes made to the in-core copy of a file ... back to the filesystem"; MS_SYNC "Requests an update and waits for it to complete"
 * Source: FreeBSD msync(2), DESCRIPTION: msync() "writes any modified pages back to the file system"; MS_SYNC "Perform synchronous writes"
 * Tags: msync file shared
 */
#include "mmapcheck.h"

int main(void)
{
	unsigned char got[2] = { 0, 0 };
	const char *path;
	size_t pg;
	char *p;
	int fd, rfd;

	mc_begin();
	pg = mc_page_size();
	path = mc_file("data", 2 * pg, 'a');
	fd = (int)SAFE(open(path, O_RDWR));
	p = SAFE_MMAP(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	p[5] = 'Y';
	p[pg + 9] = 'Z';

	MC_EXPECT_ERRNO(msync(p, 2 * pg, MS_SYNC), 0);

	/* Read back through a descriptor of its own, opened after the msync(). */
	rfd = (int)SAFE(open(path, O_RDONLY));
	if (SAFE(pread(rfd, &got[0], 1, 5)) != 1 || SAFE(pread(rfd, &got[1], 1, (off_t)pg + 9)) != 1)
		mc_broken("pread() returned no byte");
	mc_observe("file", "0x%02x,0x%02x", got[0], got[1]);
	mc_check(got[0] == 'Y' && got[1] == 'Z', "file holds 0x%02x,0x%02x, expected 'Y','Z'",
		 got[0], got[1]);
	return mc_finish();
}

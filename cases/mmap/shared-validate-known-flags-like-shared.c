/*
 * Claim: A MAP_SHARED_VALIDATE file mapping with only known flags succeeds and behaves like MAP_SHARED: a store through it reaches the file.
 * Source: Linux man-pages mmap(2), MAP_SHARED_VALIDATE: "This flag provides the same behavior as MAP_SHARED except that MAP_SHARED mappings ignore unknown flags in flags"
 * Source: Linux man-pages mmap(2), MAP_SHARED: updates "are carried through to the underlying file"
 * Tags: mmap file shared coherence extension
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MAP_SHARED_VALIDATE */
#include "mmapcheck.h"

#ifdef MAP_SHARED_VALIDATE
int main(void)
{
	char *p, c = 0;
	size_t pg;
	int fd;

	mc_begin();
	pg = mc_page_size();
	fd = (int)SAFE(open(mc_file("data", 2 * pg, 'a'), O_RDWR));
	/* MAP_POPULATE and MAP_NORESERVE: known flags, in LEGACY_MAP_MASK of every file. */
	p = MC_EXPECT_MAP(NULL, 2 * pg, PROT_READ | PROT_WRITE,
			  MAP_SHARED_VALIDATE | MAP_POPULATE | MAP_NORESERVE, fd, 0);
	p[pg + 1] = 'V';
	if (pread(fd, &c, 1, (off_t)pg + 1) != 1)
		mc_broken("pread() failed: %s", mc_errno_name(errno));
	mc_observe("file_byte", "0x%02x", (unsigned char)c);
	mc_check(c == 'V', "read() of the file shows 0x%02x after a store of 'V' through the mapping",
		 (unsigned char)c);
	SAFE(munmap(p, 2 * pg));
	SAFE(close(fd));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MAP_SHARED_VALIDATE is not defined on this platform");
}
#endif

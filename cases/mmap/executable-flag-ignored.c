/*
 * Claim: MAP_EXECUTABLE is ignored: a MAP_SHARED file mapping made with it succeeds, reads the file and carries stores through to it like a plain MAP_SHARED mapping.
 * Source: Linux man-pages mmap(2), MAP_EXECUTABLE: "This flag is ignored."
 * Source: Linux include/linux/mman.h, LEGACY_MAP_MASK: "MAP_EXECUTABLE and MAP_DENYWRITE are completely ignored throughout the kernel."
 * Tags: mmap file shared extension
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MAP_EXECUTABLE */
#include "mmapcheck.h"

#ifdef MAP_EXECUTABLE
int main(void)
{
	char *p, c = 0;
	size_t pg;
	int fd;

	mc_begin();
	pg = mc_page_size();
	fd = (int)SAFE(open(mc_file("data", pg, 'e'), O_RDWR));
	p = MC_EXPECT_MAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_EXECUTABLE, fd, 0);
	mc_observe("mapped_byte", "0x%02x", (unsigned char)p[0]);
	mc_check(p[0] == 'e', "the mapping reads 0x%02x where the file holds 'e'", (unsigned char)p[0]);
	p[9] = 'X';
	if (pread(fd, &c, 1, 9) != 1)
		mc_broken("pread() failed: %s", mc_errno_name(errno));
	mc_observe("file_byte", "0x%02x", (unsigned char)c);
	mc_check(c == 'X', "read() of the file shows 0x%02x after a store of 'X'", (unsigned char)c);
	SAFE(munmap(p, pg));
	SAFE(close(fd));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MAP_EXECUTABLE is not defined on this platform");
}
#endif

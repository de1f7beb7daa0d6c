/*
 * Claim: MAP_DENYWRITE is ignored: a file mapped with it through a read/write descriptor can still be written with write(), and the mapping shows the new bytes.
 * Source: Linux man-pages mmap(2), MAP_DENYWRITE: "This flag is ignored. (Long ago—Linux 2.0 and earlier—it signaled that attempts to write to the underlying file should fail with ETXTBSY.)"
 * Tags: mmap file shared extension
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MAP_DENYWRITE */
#include "mmapcheck.h"

#ifdef MAP_DENYWRITE
int main(void)
{
	ssize_t wrote;
	size_t pg;
	char *p;
	int fd;

	mc_begin();
	pg = mc_page_size();
	fd = (int)SAFE(open(mc_file("data", pg, 'a'), O_RDWR));
	p = MC_EXPECT_MAP(NULL, pg, PROT_READ, MAP_SHARED | MAP_DENYWRITE, fd, 0);
	wrote = pwrite(fd, "D", 1, 5);
	mc_observe("pwrite_errno", "%s", mc_errno_name(wrote == 1 ? 0 : errno));
	mc_observe("mapped_byte", "0x%02x", (unsigned char)p[5]);
	mc_check(wrote == 1, "pwrite() to the mapped file failed: %s", mc_errno_name(errno));
	mc_check(p[5] == 'D', "the MAP_SHARED mapping shows 0x%02x after writing 'D' to the file",
		 (unsigned char)p[5]);
	SAFE(munmap(p, pg));
	SAFE(close(fd));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MAP_DENYWRITE is not defined on this platform");
}
#endif

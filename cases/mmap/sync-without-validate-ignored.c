/*
 * Claim: MAP_SYNC given with plain MAP_SHARED (not MAP_SHARED_VALIDATE) on a file that does not support DAX is silently ignored: mmap() succeeds and the mapping is an ordinary shared one.
 * Source: Linux man-pages mmap(2), MAP_SYNC: "This flag is available only with the MAP_SHARED_VALIDATE mapping type; mappings of type MAP_SHARED will silently ignore this flag."
 * Tags: mmap file shared extension
 * Requires: linux
 * Not-mutated: where the scratch directory is on ext4 (as for make mutants here) Linux fails it (expected/linux), so no mutant can turn a pass into a fail; on tmpfs the mutant shared-file-as-private kills it
 */
#define _DEFAULT_SOURCE	/* MAP_SYNC */
#include "mmapcheck.h"

#ifdef MAP_SYNC
int main(void)
{
	char *p, c = 0;
	size_t pg;
	int fd;

	mc_begin();
	pg = mc_page_size();
	/* A regular file in the scratch directory (the report names its filesystem). */
	fd = (int)SAFE(open(mc_file("data", pg, 'a'), O_RDWR));
	p = MC_EXPECT_MAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_SYNC, fd, 0);
	p[3] = 'S';
	if (pread(fd, &c, 1, 3) != 1)
		mc_broken("pread() failed: %s", mc_errno_name(errno));
	mc_observe("file_byte", "0x%02x", (unsigned char)c);
	mc_check(c == 'S', "read() of the file shows 0x%02x after a store of 'S'", (unsigned char)c);
	SAFE(munmap(p, pg));
	SAFE(close(fd));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MAP_SYNC is not defined on this platform");
}
#endif

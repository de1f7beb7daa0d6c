/*
 * Claim: A plain MAP_SHARED file mapping whose flags include a bit no mapping flag uses succeeds, and a store through it reaches the file.
 * Source: Linux man-pages mmap(2), MAP_SHARED_VALIDATE: "MAP_SHARED mappings ignore unknown flags in flags"
 * Tags: mmap file shared extension
 * Requires: linux
 */
#include "mmapcheck.h"

#ifdef __linux__
/* A bit no Linux architecture assigns (see shared-validate-unknown-flag-eopnotsupp). */
#define MC_UNKNOWN_FLAG 0x2000000

int main(void)
{
	char *p, c = 0;
	size_t pg;
	int fd;

	mc_begin();
	pg = mc_page_size();
	fd = (int)SAFE(open(mc_file("data", pg, 'a'), O_RDWR));
	p = MC_EXPECT_MAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED | MC_UNKNOWN_FLAG, fd, 0);
	p[7] = 'U';
	if (pread(fd, &c, 1, 7) != 1)
		mc_broken("pread() failed: %s", mc_errno_name(errno));
	mc_observe("file_byte", "0x%02x", (unsigned char)c);
	mc_check(c == 'U', "read() of the file shows 0x%02x after a store of 'U' through the mapping",
		 (unsigned char)c);
	SAFE(munmap(p, pg));
	SAFE(close(fd));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("which flag bits are unknown is only documented for Linux");
}
#endif

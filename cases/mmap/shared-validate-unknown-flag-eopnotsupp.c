/*
 * Claim: A MAP_SHARED_VALIDATE file mapping whose flags include a bit no mapping flag uses fails with EOPNOTSUPP.
 * Source: Linux man-pages mmap(2), MAP_SHARED_VALIDATE: "the kernel verifies all passed flags are known and fails the mapping with the error EOPNOTSUPP for unknown flags"
 * Tags: mmap errno file shared extension
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MAP_SHARED_VALIDATE */
#include "mmapcheck.h"

#ifdef MAP_SHARED_VALIDATE
/*
 * A flag bit that no Linux architecture assigns (include/uapi/asm-generic/
 * mman-common.h and the arch mman.h files leave 0x2000000 free; the huge
 * page size field starts at bit 26).
 */
#define MC_UNKNOWN_FLAG 0x2000000

int main(void)
{
	size_t pg;
	int fd;

	mc_begin();
	pg = mc_page_size();
	fd = (int)SAFE(open(mc_file("data", pg, 'a'), O_RDWR));
	MC_EXPECT_MAP_ERRNO(mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED_VALIDATE | MC_UNKNOWN_FLAG, fd, 0),
			    EOPNOTSUPP);
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

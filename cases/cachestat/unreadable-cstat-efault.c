/*
 * Claim: cachestat() with a cstat pointer to memory the process cannot write fails with EFAULT.
 * Source: Linux man-pages 6.20 cachestat(2), ERRORS: "EFAULT cstat or cstat_range point to an invalid address."
 * Covers: cachestat(2) EFAULT
 * Tags: cachestat errno extension
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"

int main(void)
{
#ifdef __linux__
	struct mc_cachestat_range r = { 0, 0 };
	struct mc_cachestat *cs;
	size_t pg = mc_page_size();
	int fd;

	mc_begin();
	fd = (int)SAFE(open(mc_file("efault", pg, 'e'), O_RDONLY));
	cs = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	/* Control: the page takes the result while writable. */
	mc_require_call(mc_cachestat(fd, &r, cs, 0), "cachestat", "6.5");
	if (mc_cachestat(fd, &r, cs, 0) == -1)
		mc_broken("cachestat() into a writable page failed: %s", mc_errno_name(errno));
	SAFE(mprotect(cs, pg, PROT_READ));
	MC_EXPECT_ERRNO(mc_cachestat(fd, &r, cs, 0), EFAULT);
	SAFE(munmap(cs, pg));
	SAFE(close(fd));
	return mc_finish();
#else
	mc_begin();
	mc_skip("cachestat() is a Linux call");
#endif
}

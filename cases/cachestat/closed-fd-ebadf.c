/*
 * Claim: cachestat() of a file descriptor that is not open fails with EBADF.
 * Source: Linux man-pages 6.20 cachestat(2), ERRORS: "EBADF Invalid file descriptor."
 * Covers: cachestat(2) EBADF
 * Tags: cachestat errno extension
 * Requires: linux
 */
#include "mmapcheck.h"

int main(void)
{
#ifdef __linux__
	struct mc_cachestat_range r = { 0, 0 };
	struct mc_cachestat cs;
	int fd;

	mc_begin();
	fd = (int)SAFE(open(mc_file("ebadf", mc_page_size(), 'b'), O_RDONLY));
	/* Control: while open, the descriptor is accepted. */
	if (mc_cachestat(fd, &r, &cs, 0) == -1) {
		mc_require_call(-1, "cachestat", "6.5");
		mc_broken("cachestat() of an open file failed: %s", mc_errno_name(errno));
	}
	SAFE(close(fd));
	MC_EXPECT_ERRNO(mc_cachestat(fd, &r, &cs, 0), EBADF);
	return mc_finish();
#else
	mc_begin();
	mc_skip("cachestat() is a Linux call");
#endif
}

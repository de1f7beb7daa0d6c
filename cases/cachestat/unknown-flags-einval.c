/*
 * Claim: cachestat() with a flags value other than 0 fails with EINVAL.
 * Source: Linux man-pages 6.20 cachestat(2), DESCRIPTION: "The flags argument is reserved for future use and must be set to 0." ERRORS: "EINVAL Invalid flags value."
 * Covers: cachestat(2) EINVAL
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
	fd = (int)SAFE(open(mc_file("flags", mc_page_size(), 'f'), O_RDONLY));
	/* Control: the same call with flags 0 succeeds, so the flags are what is refused. */
	mc_require_call(mc_cachestat(fd, &r, &cs, 0), "cachestat", "6.5");
	if (mc_cachestat(fd, &r, &cs, 0) == -1)
		mc_broken("cachestat() with flags 0 failed: %s", mc_errno_name(errno));
	MC_EXPECT_ERRNO(mc_cachestat(fd, &r, &cs, 1), EINVAL);
	SAFE(close(fd));
	return mc_finish();
#else
	mc_begin();
	mc_skip("cachestat() is a Linux call");
#endif
}

/*
 * Claim: On Linux, msync() with flags 0 (neither MS_SYNC nor MS_ASYNC) on a MAP_SHARED file mapping returns 0.
 * Source: Linux man-pages msync(2), NOTES: "Linux permits a call to msync() that specifies neither of these flags, with semantics that are (currently) equivalent to specifying MS_ASYNC"
 * Source: POSIX.1-2017 msync(), DESCRIPTION: exactly one of MS_ASYNC and MS_SYNC is to be specified; ERRORS, [EINVAL] "The value of flags is invalid." (NetBSD and OpenBSD fail with EINVAL)
 * Tags: msync file shared extension
 * Requires: linux
 * Noop-satisfies: the claim is only that flags 0 are accepted (returns 0) rather than refused with EINVAL; a no-op returning 0 is exactly that
 */
#include "mmapcheck.h"

#ifdef __linux__
int main(void)
{
	size_t pg;
	char *p;
	int fd;

	mc_begin();
	pg = mc_page_size();
	fd = (int)SAFE(open(mc_file("data", pg, 'a'), O_RDWR));
	p = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	p[0] = 'b';

	MC_EXPECT_ERRNO(msync(p, pg, 0), 0);
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("flags 0 is a Linux extension; POSIX requires MS_SYNC or MS_ASYNC");
}
#endif

/*
 * Claim: madvise(MADV_GUARD_INSTALL) over a private anonymous page locked with mlock() fails with EINVAL.
 * Source: Linux man-pages madvise(2) (6.13 and later), MADV_GUARD_INSTALL: "The mapping must not be mlock'd, map hugetlb ranges, nor contain special mappings." ... "An EINVAL error is returned if it is attempted on any other kind of mapping."
 * Covers: madvise(2) EINVAL "MADV_GUARD_INSTALL or MADV_GUARD_REMOVE"
 * Tags: madvise mlock errno anonymous private extension privileges
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS, madvise */
#include "mmapcheck.h"

#ifdef __linux__
int main(void)
{
	size_t pg;
	char *p;

	mc_begin();
	pg = mc_page_size();
	p = SAFE_MMAP(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(p, 0xa5, 2 * pg);
	/* control: the advice is known here, on the unlocked page */
	if (madvise(p + pg, pg, MADV_GUARD_INSTALL) != 0 && errno == EINVAL)
		mc_skip("MADV_GUARD_INSTALL is an invalid advice here (EINVAL): not provided (Linux added it in 6.13)");
	if (mlock(p, pg) != 0)	/* one page: fits any RLIMIT_MEMLOCK but 0 */
		mc_skip("mlock() of one page failed (%s): RLIMIT_MEMLOCK forbids locking here", mc_errno_name(errno));

	MC_EXPECT_ERRNO(madvise(p, pg, MADV_GUARD_INSTALL), EINVAL);
	mc_observe("locked_byte_after", "0x%02x", (unsigned char)p[0]);
	SAFE(munmap(p, 2 * pg));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MADV_GUARD_INSTALL is a Linux interface; not a Linux build");
}
#endif

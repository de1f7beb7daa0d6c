/*
 * Claim: mlock() of a private anonymous range holding a guard page fails, where mlock() of the same range before the guard was installed succeeded.
 * Source: Linux man-pages madvise(2) (6.13 and later), MADV_GUARD_INSTALL: "Attempting to mlock(2) lightweight guard regions will fail, as will MADV_POPULATE_READ or MADV_POPULATE_WRITE."
 * Tags: madvise mlock anonymous private extension privileges
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS, madvise */
#include "mmapcheck.h"

#ifdef __linux__
int main(void)
{
	size_t pg;
	char *p;
	int ret;

	mc_begin();
	pg = mc_page_size();
	p = SAFE_MMAP(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (madvise(p + pg, pg, MADV_GUARD_INSTALL) != 0 && errno == EINVAL)
		mc_skip("MADV_GUARD_INSTALL is an invalid advice here (EINVAL): not provided (Linux added it in 6.13)");
	SAFE(madvise(p + pg, pg, MADV_GUARD_REMOVE));
	if (mlock(p, 2 * pg) != 0)	/* control: two pages fit the limit, without the guard */
		mc_skip("mlock() of two pages failed (%s): RLIMIT_MEMLOCK forbids locking them here", mc_errno_name(errno));
	SAFE(munlock(p, 2 * pg));
	SAFE(madvise(p + pg, pg, MADV_GUARD_INSTALL));

	ret = mlock(p, 2 * pg);
	mc_observe("errno", "%s", ret == 0 ? "0" : mc_errno_name(errno));
	mc_check(ret == -1, "mlock() over the guard page succeeded");
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

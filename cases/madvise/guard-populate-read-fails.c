/*
 * Claim: madvise(MADV_POPULATE_READ) over a private anonymous range holding a guard page fails, where the same advice over the range without the guard page succeeds.
 * Source: Linux man-pages madvise(2) (6.13 and later), MADV_GUARD_INSTALL: "Attempting to mlock(2) lightweight guard regions will fail, as will MADV_POPULATE_READ or MADV_POPULATE_WRITE."
 * Tags: madvise anonymous private extension
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS, madvise, MADV_POPULATE_READ */
#include "mmapcheck.h"

#if defined(__linux__) && !defined(MADV_POPULATE_READ)
#define MADV_POPULATE_READ 22	/* <asm-generic/mman-common.h> of Linux 5.14; musl 1.2.3 lacks it */
#endif

#ifdef __linux__
int main(void)
{
	size_t pg;
	char *p;
	int ret;

	mc_begin();
	pg = mc_page_size();
	p = SAFE_MMAP(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (madvise(p, 2 * pg, MADV_POPULATE_READ) != 0)	/* control: the advice works on this range */
		mc_skip("MADV_POPULATE_READ fails on a plain anonymous range (%s): not provided here (Linux added it in 5.14)",
			mc_errno_name(errno));
	if (madvise(p + pg, pg, MADV_GUARD_INSTALL) != 0 && errno == EINVAL)
		mc_skip("MADV_GUARD_INSTALL is an invalid advice here (EINVAL): not provided (Linux added it in 6.13)");

	ret = madvise(p, 2 * pg, MADV_POPULATE_READ);
	mc_observe("errno", "%s", ret == 0 ? "0" : mc_errno_name(errno));
	mc_check(ret == -1, "MADV_POPULATE_READ over the guard page succeeded");
	SAFE(munmap(p, 2 * pg));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MADV_GUARD_INSTALL and MADV_POPULATE_READ are Linux interfaces; not a Linux build");
}
#endif

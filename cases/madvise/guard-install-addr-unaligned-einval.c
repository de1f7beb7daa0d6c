/*
 * Claim: madvise(MADV_GUARD_INSTALL) with an address one byte past a page boundary fails with EINVAL and installs no guard (the page stays readable).
 * Source: Linux man-pages madvise(2), ERRORS: "EINVAL addr is not page-aligned or size is negative."
 * Covers: madvise(2) EINVAL "addr is not page-aligned"
 * Tags: madvise errno anonymous private extension
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS, madvise */
#include "mmapcheck.h"

#ifdef __linux__
int main(void)
{
	struct mc_status st;
	size_t pg;
	char *p;

	mc_begin();
	pg = mc_page_size();
	p = SAFE_MMAP(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(p, 0xa5, 2 * pg);
	if (madvise(p + pg, pg, MADV_GUARD_INSTALL) != 0 && errno == EINVAL)	/* control: the advice is known */
		mc_skip("MADV_GUARD_INSTALL is an invalid advice here (EINVAL): not provided (Linux added it in 6.13)");

	MC_EXPECT_ERRNO(madvise(p + 1, pg - 1, MADV_GUARD_INSTALL), EINVAL);
	st = mc_probe_read(p);
	mc_observe("first_page", "%s", st.signo ? mc_signal_name(st.signo) : "readable");
	mc_check(st.signo == 0 && st.value == 0xa5, "the page the refused call pointed into was changed");
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

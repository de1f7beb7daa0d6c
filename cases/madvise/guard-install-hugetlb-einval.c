/*
 * Claim: madvise(MADV_GUARD_INSTALL) over a private anonymous huge page mapping (MAP_HUGETLB) fails with EINVAL.
 * Source: Linux man-pages madvise(2) (6.13 and later), MADV_GUARD_INSTALL: "The mapping must not be mlock'd, map hugetlb ranges, nor contain special mappings." ... "An EINVAL error is returned if it is attempted on any other kind of mapping."
 * Covers: madvise(2) EINVAL "MADV_GUARD_INSTALL or MADV_GUARD_REMOVE"
 * Tags: madvise errno hugetlb anonymous private extension
 * Requires: linux
 * Not-mutated: it skips unless huge pages are reserved or the run allows system changes (make mutants does neither), so no mutant can turn it from pass to fail there; guard-install-unchecked breaks it where it runs
 */
#define _DEFAULT_SOURCE	/* MAP_HUGETLB */
#include "mmapcheck.h"

#if defined(__linux__) && defined(MAP_HUGETLB)
int main(void)
{
	size_t hps, pg;
	char *p, *control;

	mc_begin();
	pg = mc_page_size();
	control = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (madvise(control, pg, MADV_GUARD_INSTALL) != 0 && errno == EINVAL)	/* the advice is known */
		mc_skip("MADV_GUARD_INSTALL is an invalid advice here (EINVAL): not provided (Linux added it in 6.13)");
	hps = mc_free_huge_page();
	p = SAFE_MMAP(NULL, hps, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB, -1, 0);
	p[0] = 'h';

	MC_EXPECT_ERRNO(madvise(p, hps, MADV_GUARD_INSTALL), EINVAL);
	mc_observe("byte0_after", "0x%02x", (unsigned char)p[0]);
	SAFE(munmap(p, hps));
	SAFE(munmap(control, pg));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MADV_GUARD_INSTALL and MAP_HUGETLB are Linux interfaces; not provided here");
}
#endif

/*
 * Claim: mseal() of a range with an unmapped page in its middle fails with ENOMEM and seals nothing: the mapped first page is not sealed.
 * Source: Linux Documentation/userspace-api/mseal.rst, "Return values": "-ENOMEM: ... A gap (unallocated memory) between start and end address."
 * Source: Linux Documentation/userspace-api/mseal.rst, "Note about error return": "For above error cases, users can expect the given memory range is unmodified, i.e. no partial update."
 * Covers: mseal(kernel) ENOMEM "gap"
 * Covers: mseal(kernel) UNCHANGED "no partial update"
 * Tags: mseal errno anonymous private extension
 * Requires: linux
 * Claim-call: mseal
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"

#ifdef __linux__
int main(void)
{
	size_t pg;
	char *p;
	int err, s;
	long r;

	mc_begin();
	pg = mc_page_size();
	p = SAFE_MMAP(NULL, 3 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	SAFE(munmap(p + pg, pg));
	r = mc_mseal(p, 3 * pg, 0);
	err = r == -1 ? errno : 0;
	mc_require_call(r, "mseal", "6.10");
	mc_expect_errno(err, ENOMEM, "mseal(page, hole, page)");
	s = mc_sealed(p, pg, PROT_READ | PROT_WRITE);
	mc_observe("first_page_sealed", "%s", s ? "yes" : "no");
	mc_check(!s, "the failed mseal() sealed the first page");
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("mseal() is a Linux interface (6.10); not available here");
}
#endif

/*
 * Claim: mseal() of a range whose first page is mapped and whose last page is unmapped fails with ENOMEM and seals nothing.
 * Source: Linux Documentation/userspace-api/mseal.rst, "Return values": "-ENOMEM: The end address (addr + len) is not allocated."
 * Covers: mseal(kernel) ENOMEM "end address"
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
	p = SAFE_MMAP(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	SAFE(munmap(p + pg, pg));
	r = mc_mseal(p, 2 * pg, 0);
	err = r == -1 ? errno : 0;
	mc_require_call(r, "mseal", "6.10");
	mc_expect_errno(err, ENOMEM, "mseal(page, hole)");
	s = mc_sealed(p, pg, PROT_READ | PROT_WRITE);
	mc_observe("mapped_page_sealed", "%s", s ? "yes" : "no");
	mc_check(!s, "the failed mseal() sealed the mapped page");
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("mseal() is a Linux interface (6.10); not available here");
}
#endif

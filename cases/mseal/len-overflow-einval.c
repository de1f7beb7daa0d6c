/*
 * Claim: mseal() with a length that makes addr + len wrap past the end of the address space fails with EINVAL and seals nothing.
 * Source: Linux Documentation/userspace-api/mseal.rst, "Return values": "-EINVAL: Address range (addr + len) overflow."
 * Covers: mseal(kernel) EINVAL "overflow"
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
	size_t pg, len;
	char *p;
	int err, s;
	long r;

	mc_begin();
	pg = mc_page_size();
	p = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	len = (size_t)0 - (size_t)(uintptr_t)p + pg;	/* page aligned; p + len wraps to one page */
	r = mc_mseal(p, len, 0);
	err = r == -1 ? errno : 0;
	mc_require_call(r, "mseal", "6.10");
	mc_expect_errno(err, EINVAL, "mseal(p, -p + 1 page, 0)");
	s = mc_sealed(p, pg, PROT_READ | PROT_WRITE);
	mc_observe("sealed", "%s", s ? "yes" : "no");
	mc_check(!s, "the refused mseal() sealed the page");
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("mseal() is a Linux interface (6.10); not available here");
}
#endif

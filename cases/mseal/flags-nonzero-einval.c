/*
 * Claim: mseal() with a nonzero flags argument fails with EINVAL and seals nothing.
 * Source: Linux Documentation/userspace-api/mseal.rst, "Return values": "-EINVAL: Invalid input flags."
 * Source: Linux Documentation/userspace-api/mseal.rst: "flags: reserved for future use."
 * Covers: mseal(kernel) EINVAL "flags"
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
	p = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	r = mc_mseal(p, pg, 1);
	err = r == -1 ? errno : 0;
	mc_require_call(r, "mseal", "6.10");
	mc_expect_errno(err, EINVAL, "mseal(p, 1 page, 1)");
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

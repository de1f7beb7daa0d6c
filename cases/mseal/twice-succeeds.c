/*
 * Claim: mseal() of a range that is already sealed succeeds and it stays sealed.
 * Source: Linux Documentation/userspace-api/mseal.rst, "Idempotent": "users can call mseal multiple times. mseal on an already sealed memory is a no-action (not error)."
 * Covers: mseal(kernel) IDEMPOTENT
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
	mc_seal(p, pg, "p, 1 page");
	if (!mc_sealed(p, pg, PROT_READ | PROT_WRITE))
		mc_broken("the first mseal() returned 0 but the page is not sealed");
	r = mc_mseal(p, pg, 0);
	err = r == -1 ? errno : 0;
	mc_expect_errno(err, 0, "mseal(the sealed page, 1 page, 0)");
	s = mc_sealed(p, pg, PROT_READ | PROT_WRITE);
	mc_observe("sealed", "%s", s ? "yes" : "no");
	mc_check(s, "the page is no longer sealed after the second mseal()");
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("mseal() is a Linux interface (6.10); not available here");
}
#endif

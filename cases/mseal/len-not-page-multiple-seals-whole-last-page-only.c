/*
 * Claim: mseal() with a length one byte past a page seals the whole second page and not the page after it.
 * Source: Linux Documentation/userspace-api/mseal.rst, "mseal syscall signature": "The len will be paged aligned implicitly by the kernel."
 * Covers: mseal(kernel) ROUNDED "len"
 * Tags: mseal anonymous private extension
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
	int err, second, third;
	long r;

	mc_begin();
	pg = mc_page_size();
	p = SAFE_MMAP(NULL, 3 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	r = mc_mseal(p, pg + 1, 0);
	err = r == -1 ? errno : 0;
	mc_require_call(r, "mseal", "6.10");
	mc_expect_errno(err, 0, "mseal(p, 1 page + 1, 0)");
	if (err)
		return mc_finish();
	second = mc_sealed(p + pg, pg, PROT_READ | PROT_WRITE);
	third = mc_sealed(p + 2 * pg, pg, PROT_READ | PROT_WRITE);
	mc_observe("second_page_sealed", "%s", second ? "yes" : "no");
	mc_observe("third_page_sealed", "%s", third ? "yes" : "no");
	mc_check(second && !third, "second page %s, third page %s: want only the second sealed",
		 second ? "sealed" : "not sealed", third ? "sealed" : "not sealed");
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("mseal() is a Linux interface (6.10); not available here");
}
#endif

/*
 * Claim: mseal() with a length of 0 succeeds, even at an address with nothing mapped.
 * Source: Linux Documentation/userspace-api/mseal.rst, "mseal syscall signature": ENOMEM is for an address range whose start or end "is not allocated"; an empty range has neither
 * Source: Linux mm/mseal.c do_mseal(): "if (end == start) return 0;" before the range is looked up
 * Tags: mseal errno anonymous private extension
 * Requires: linux
 * Claim-call: mseal
 * Noop-satisfies: the claim is that an empty range returns 0 and seals nothing, which is exactly what a no-op does; the mseal_len_zero_einval mutant kills the case
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"

#ifdef __linux__
int main(void)
{
	size_t pg;
	char *p;
	int err;
	long r;

	mc_begin();
	pg = mc_page_size();
	p = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	SAFE(munmap(p, pg));	/* nothing mapped there now */
	r = mc_mseal(p, 0, 0);
	err = r == -1 ? errno : 0;
	mc_require_call(r, "mseal", "6.10");
	mc_expect_errno(err, 0, "mseal(unmapped, 0, 0)");
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("mseal() is a Linux interface (6.10); not available here");
}
#endif

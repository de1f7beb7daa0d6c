/*
 * Claim: mprotect() with both PROT_GROWSUP and PROT_GROWSDOWN in prot fails with EINVAL.
 * Source: Linux man-pages mprotect(2), ERRORS: "EINVAL Both PROT_GROWSUP and PROT_GROWSDOWN were specified in prot."
 * Covers: mprotect(2) EINVAL "Both PROT_GROWSUP and PROT_GROWSDOWN"
 * Tags: mprotect errno anonymous private extension
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MAP_GROWSDOWN */
#include "mmapcheck.h"

#if defined(PROT_GROWSUP) && defined(PROT_GROWSDOWN) && defined(MAP_GROWSDOWN)
int main(void)
{
	size_t pg;
	char *p;

	mc_begin();
	pg = mc_page_size();
	/* A grows-down mapping, so that PROT_GROWSDOWN alone would be valid here. */
	p = SAFE_MMAP(NULL, 2 * pg, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS | MAP_GROWSDOWN, -1, 0);
	SAFE(mprotect(p + pg, pg, PROT_READ | PROT_WRITE | PROT_GROWSDOWN));

	MC_EXPECT_ERRNO(mprotect(p + pg, pg, PROT_READ | PROT_GROWSDOWN | PROT_GROWSUP), EINVAL);
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("PROT_GROWSUP, PROT_GROWSDOWN or MAP_GROWSDOWN is not defined on this platform");
}
#endif

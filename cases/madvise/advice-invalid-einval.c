/*
 * Claim: madvise() with an advice value that is not one of the documented ones (999) fails with EINVAL.
 * Source: Linux man-pages madvise(2), ERRORS: "EINVAL advice is not a valid."
 * Covers: madvise(2) EINVAL "advice is not a valid"
 * Tags: madvise errno anonymous private
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS, madvise */
#include "mmapcheck.h"

#define NOT_AN_ADVICE 999	/* Linux defines 0-25 and 100-101 */

int main(void)
{
	size_t len;
	char *p;

	mc_begin();
	len = 2 * mc_page_size();
	p = SAFE_MMAP(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	MC_EXPECT_ERRNO(madvise(p, len, NOT_AN_ADVICE), EINVAL);
	SAFE(munmap(p, len));
	return mc_finish();
}

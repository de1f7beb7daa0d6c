/*
 * Claim: mremap() with an old_size of 0 on a private mapping fails with EINVAL (since Linux 4.14).
 * Source: Linux man-pages mremap(2), ERRORS: EINVAL "old_size was zero and old_address does not refer to a shareable mapping (but see BUGS)"
 * Source: Linux man-pages mremap(2), BUGS: "Since Linux 4.14, mremap() fails with the error EINVAL in this scenario."
 * Covers: mremap(2) EINVAL
 * Tags: mremap errno anonymous private extension
 * Requires: linux
 */
#define _GNU_SOURCE	/* MREMAP_MAYMOVE */
#include "mmapcheck.h"

#if defined(__linux__) && defined(MREMAP_MAYMOVE)
int main(void)
{
	size_t pg;
	char *p;

	mc_begin();
	pg = mc_page_size();
	p = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	/* With MREMAP_MAYMOVE, as a second mapping of a shared one would need. */
	MC_EXPECT_MAP_ERRNO(mremap(p, 0, pg, MREMAP_MAYMOVE), EINVAL);
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("mremap() is Linux-only; not available here");
}
#endif

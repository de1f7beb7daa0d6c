/*
 * Claim: munmap() with a length of 0 fails with EINVAL and leaves the mapping at addr in place.
 * Source: Linux man-pages mmap(2), ERRORS (shared by munmap()): "EINVAL (since Linux 2.6.12) length was 0."
 * Source: POSIX.1-2017 munmap(), ERRORS: "[EINVAL] The len argument is 0."
 * Covers: mmap(2) EINVAL "length was 0"
 * Tags: munmap errno anonymous
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"

int main(void)
{
	struct mc_status st;
	size_t pg;
	char *p;

	mc_begin();
	pg = mc_page_size();
	p = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	p[0] = 'a';

	/* NetBSD documents success (a no-op) here: the errno line records it. */
	MC_EXPECT_ERRNO(munmap(p, 0), EINVAL);
	st = mc_probe_read(p);
	mc_observe("page", "%s/0x%02x", mc_signal_name(st.signo), st.value);
	mc_check(st.signo == 0 && st.value == 'a', "the page at addr after munmap(addr, 0): %s",
		 mc_signal_name(st.signo));
	SAFE(munmap(p, pg));
	return mc_finish();
}

/*
 * Claim: An anonymous mmap() with an offset that is not a multiple of the page size fails with EINVAL, although the offset of an anonymous mapping is otherwise not used.
 * Source: Linux man-pages mmap(2), ERRORS: "EINVAL We don't like addr, length, or offset (e.g., they are too large, or not aligned on a page boundary)."; MAP_ANONYMOUS: "The offset argument should be zero."
 * Source: FreeBSD mmap(2), ERRORS: "[EINVAL] MAP_ANON was specified and the offset argument was not 0."
 * Covers: mmap(2) EINVAL "We don't like addr, length, or offset"
 * Tags: mmap errno anonymous
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"

int main(void)
{
	size_t pg;

	mc_begin();
	pg = mc_page_size();

	/* macOS documents the offset as ignored for MAP_ANON: the errno line records it. */
	MC_EXPECT_MAP_ERRNO(mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1,
				 (off_t)pg / 2), EINVAL);
	return mc_finish();
}

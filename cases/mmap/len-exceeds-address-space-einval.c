/*
 * Claim: mmap() with a length too large for any mapping (the largest page multiple a size_t holds) fails with EINVAL.
 * Source: Linux man-pages mmap(2), ERRORS: "EINVAL We don't like addr, length, or offset (e.g., they are too large, or not aligned on a page boundary)."
 * Covers: mmap(2) EINVAL "We don't like addr, length, or offset"
 * Not-mutated: the claim does not hold on Linux (ENOMEM, see expected/linux), so no injected bug can turn a pass into a fail here
 * Tags: mmap errno anonymous
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"

int main(void)
{
	size_t pg, len;

	mc_begin();
	pg = mc_page_size();
	len = SIZE_MAX - (SIZE_MAX % pg);	/* page-aligned: only its size can be refused */

	/* POSIX names ENOMEM for "insufficient room in the address space": the errno line records which. */
	MC_EXPECT_MAP_ERRNO(mmap(NULL, len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), EINVAL);
	return mc_finish();
}

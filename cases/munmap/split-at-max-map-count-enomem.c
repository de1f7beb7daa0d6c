/*
 * Claim: When the process holds as many mappings as vm.max_map_count allows, munmap() of a page in the middle of a mapping (which would split it in two) fails with ENOMEM and leaves the page mapped.
 * Source: Linux man-pages mmap(2), ERRORS: "ENOMEM The process's maximum number of mappings would have been exceeded. This error can also occur for munmap(), when unmapping a region in the middle of an existing mapping, since this results in two smaller mappings on either side of the region being unmapped."
 * Covers: mmap(2) ENOMEM "maximum number of mappings"
 * Tags: munmap errno anonymous limits procfs
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"

#define MAX_COUNT_TESTED 262144L	/* 4 times the usual default; beyond it filling the map takes too long */

int main(void)
{
	struct mc_status mid;
	unsigned char *m, *r;
	size_t pg, rlen;
	void *p = NULL;
	long limit, i;

	mc_begin();
	pg = mc_page_size();
	if ((limit = (long)mc_setting_number("/proc/sys/vm/max_map_count")) < 0)
		mc_skip("/proc/sys/vm/max_map_count is not available (%s)", mc_errno_name(errno));
	mc_observe("max_map_count", "%ld", limit);
	if (limit > MAX_COUNT_TESTED)
		mc_skip("vm.max_map_count is %ld: too many mappings to make in a test", limit);
	m = SAFE_MMAP(NULL, 3 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(m, 'M', 3 * pg);

	/* Fill the map: every other page of a PROT_NONE reserve made read-only, then single pages. */
	rlen = (size_t)(limit + 64) * pg;
	r = SAFE_MMAP(NULL, rlen, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	for (i = 1; (size_t)(i + 1) * pg < rlen && mprotect(r + i * pg, pg, PROT_READ) == 0; i += 2)
		;
	for (i = 0; i < 64 && p != MAP_FAILED; i++)
		p = mmap(NULL, pg, i % 2 ? PROT_READ : PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p != MAP_FAILED || errno != ENOMEM)
		mc_broken("the process did not reach its mapping limit (%s)", mc_errno_name(errno));

	MC_EXPECT_ERRNO(munmap(m + pg, pg), ENOMEM);
	SAFE(munmap(r, rlen));

	mid = mc_probe_read(m + pg);
	mc_observe("middle_page", "%s/0x%02x", mc_signal_name(mid.signo), mid.value);
	mc_check(mid.signo == 0 && mid.value == 'M', "the middle page after the refusal: %s, byte 0x%02x",
		 mc_signal_name(mid.signo), mid.value);
	return mc_finish();
}

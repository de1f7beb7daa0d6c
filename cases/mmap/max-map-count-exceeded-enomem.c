/*
 * Claim: Once the process holds vm.max_map_count mappings, a further mmap() fails with ENOMEM.
 * Source: Linux man-pages mmap(2), ERRORS: "ENOMEM The process's maximum number of mappings would have been exceeded."
 * Source: Linux kernel Documentation/admin-guide/sysctl/vm.rst, max_map_count: "This file contains the maximum number of memory map areas a process may have."
 * Covers: mmap(2) ENOMEM "maximum number of mappings"
 * Tags: mmap errno anonymous limits procfs
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"

#define MAX_COUNT_TESTED 262144L	/* 4 times the usual default; beyond it filling the map takes too long */

int main(void)
{
	long limit, made = 0, i;
	unsigned char *r;
	size_t pg, rlen;
	void *p = NULL;
	int err;

	mc_begin();
	pg = mc_page_size();
	/* Linux only: the BSDs have no per-process count of mappings to exhaust. */
	if ((limit = (long)mc_setting_number("/proc/sys/vm/max_map_count")) < 0)
		mc_skip("/proc/sys/vm/max_map_count is not available (%s)", mc_errno_name(errno));
	mc_observe("max_map_count", "%ld", limit);
	if (limit > MAX_COUNT_TESTED)
		mc_skip("vm.max_map_count is %ld: too many mappings to make in a test", limit);

	/*
	 * Quickly close to the limit: a PROT_NONE reserve made read-only on
	 * every other page, each mprotect() adding two mappings, until a split
	 * is refused.  Then the claim: new mappings until mmap() is refused.
	 */
	rlen = (size_t)(limit + 64) * pg;
	r = SAFE_MMAP(NULL, rlen, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	for (i = 1; (size_t)(i + 1) * pg < rlen && mprotect(r + i * pg, pg, PROT_READ) == 0; i += 2)
		;
	if ((size_t)(i + 1) * pg >= rlen || errno != ENOMEM)
		mc_broken("mprotect() of every other page did not reach the limit (%s)", mc_errno_name(errno));
	for (made = 0; made < 64; made++) {
		p = mmap(NULL, pg, made % 2 ? PROT_READ : PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			break;
	}
	err = p == MAP_FAILED ? errno : 0;
	SAFE(munmap(r, rlen));	/* the small mappings stay: harmless, gone at exit */

	mc_observe("errno", "%s", mc_errno_name(err));
	mc_check(err == ENOMEM, "%ld mmap() calls at the mapping limit (%ld): %s, expected ENOMEM",
		 made + 1, limit, err ? mc_errno_name(err) : "all succeeded");
	return mc_finish();
}

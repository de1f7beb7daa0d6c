/*
 * Claim: Once the process holds vm.max_map_count mappings, a further mmap() fails with ENOMEM.
 * Source: Linux man-pages mmap(2), ERRORS: "ENOMEM The process's maximum number of mappings would have been exceeded."
 * Source: Linux kernel Documentation/admin-guide/sysctl/vm.rst, max_map_count: "This file contains the maximum number of memory map areas a process may have."
 * Covers: mmap(2) ENOMEM "maximum number of mappings"
 * Tags: mmap errno anonymous limits procfs
 * Requires: linux
 */
#include "mmapcheck.h"

#define MAX_COUNT_TESTED 1000000L	/* beyond this, filling the map would take too long */

int main(void)
{
	long limit, made = 0, i;
	void **maps, *p = NULL;
	size_t pg;
	FILE *f;
	int err;

	mc_begin();
	pg = mc_page_size();
	/* Linux only: the BSDs have no per-process count of mappings to exhaust. */
	if (!(f = fopen("/proc/sys/vm/max_map_count", "r")))
		mc_skip("/proc/sys/vm/max_map_count is not available (%s)", mc_errno_name(errno));
	if (fscanf(f, "%ld", &limit) != 1)
		mc_broken("cannot read /proc/sys/vm/max_map_count");
	fclose(f);
	mc_observe("max_map_count", "%ld", limit);
	if (limit > MAX_COUNT_TESTED)
		mc_skip("vm.max_map_count is %ld: too many mappings to make in a test", limit);
	if (!(maps = malloc((size_t)(limit + 16) * sizeof(*maps))))
		mc_broken("malloc() of %ld pointers failed", limit + 16);

	/* One page each, protections alternating so that neighbours never merge. */
	for (i = 0; i < limit + 16; i++) {
		p = mmap(NULL, pg, i % 2 ? PROT_READ : PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			break;
		maps[made++] = p;
	}
	err = p == MAP_FAILED ? errno : 0;
	for (i = 0; i < made; i++)
		munmap(maps[i], pg);
	free(maps);

	mc_observe("errno", "%s", mc_errno_name(err));
	mc_observe("made", "%ld", made);
	mc_check(err == ENOMEM && made <= limit, "after %ld new mappings (limit %ld): %s, expected ENOMEM",
		 made, limit, err ? mc_errno_name(err) : "still succeeding");
	return mc_finish();
}

/*
 * Claim: When the process holds as many mappings as vm.max_map_count allows, munmap() of a page in the middle of a mapping (which would split it in two) fails with ENOMEM and leaves the page mapped.
 * Source: Linux man-pages mmap(2), ERRORS: "ENOMEM The process's maximum number of mappings would have been exceeded. This error can also occur for munmap(), when unmapping a region in the middle of an existing mapping, since this results in two smaller mappings on either side of the region being unmapped."
 * Covers: mmap(2) ENOMEM "maximum number of mappings"
 * Tags: munmap errno anonymous limits procfs
 * Requires: linux
 */
#include "mmapcheck.h"

#define MAX_COUNT_TESTED 1000000L	/* beyond this, filling the map would take too long */

int main(void)
{
	long limit, made = 0, i;
	void **maps, *p = NULL;
	struct mc_status mid;
	unsigned char *m;
	size_t pg;
	FILE *f;

	mc_begin();
	pg = mc_page_size();
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
	m = SAFE_MMAP(NULL, 3 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(m, 'M', 3 * pg);

	/* Fill the map: one page each, protections alternating so that neighbours never merge. */
	for (i = 0; i < limit + 16; i++) {
		p = mmap(NULL, pg, i % 2 ? PROT_READ : PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			break;
		maps[made++] = p;
	}
	if (p != MAP_FAILED || errno != ENOMEM)
		mc_broken("mmap() %ld times did not reach the limit (%s)", made, mc_errno_name(errno));

	MC_EXPECT_ERRNO(munmap(m + pg, pg), ENOMEM);
	for (i = 0; i < made; i++)
		munmap(maps[i], pg);
	free(maps);

	mid = mc_probe_read(m + pg);
	mc_observe("middle_page", "%s/0x%02x", mc_signal_name(mid.signo), mid.value);
	mc_check(mid.signo == 0 && mid.value == 'M', "the middle page after the refusal: %s, byte 0x%02x",
		 mc_signal_name(mid.signo), mid.value);
	return mc_finish();
}

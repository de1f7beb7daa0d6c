/*
 * Claim: After munmap() of the middle page of a three-page mapping, /proc/self/maps shows two regions, one ending where the hole begins and one starting where it ends, and no region holding the hole.
 * Source: Linux man-pages proc(5), /proc/pid/maps: "A file containing the currently mapped memory regions"
 * Source: Linux man-pages mmap(2), ERRORS: ENOMEM "when unmapping a region in the middle of an existing mapping, since this results in two smaller mappings on either side of the region being unmapped"
 * Tags: munmap anonymous procfs
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"

int main(void)
{
	uintptr_t s0 = 0, e0 = 0, s1, e1, s2 = 0, e2 = 0;
	int found0, found1, found2;
	char perms[5];
	size_t pg;
	char *p;

	mc_begin();
	pg = mc_page_size();
	p = SAFE_MMAP(NULL, 3 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	SAFE(munmap(p + pg, pg));

	found0 = mc_maps_entry(p, &s0, &e0, perms);
	found1 = mc_maps_entry(p + pg, &s1, &e1, perms);
	found2 = mc_maps_entry(p + 2 * pg, &s2, &e2, perms);
	mc_observe("first_ends_at_page", "%ld", found0 ? (long)((e0 - (uintptr_t)p) / pg) : -1L);
	mc_observe("hole_listed", "%d", found1);
	mc_observe("last_starts_at_page", "%ld", found2 ? (long)((s2 - (uintptr_t)p) / pg) : -1L);
	mc_check(found0 && e0 == (uintptr_t)(p + pg), "the region holding page 0 does not end at the hole");
	mc_check(!found1, "a region still holds the unmapped middle page");
	mc_check(found2 && s2 == (uintptr_t)(p + 2 * pg), "the region holding page 2 does not start after the hole");
	return mc_finish();
}

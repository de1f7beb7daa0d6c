/*
 * Claim: /proc/self/maps marks a MAP_SHARED mapping 's' and a MAP_PRIVATE mapping 'p' in the fourth character of its perms field.
 * Source: Linux man-pages proc(5), /proc/pid/maps: perms "s = shared, p = private (copy on write)"
 * Tags: mmap anonymous shared private procfs
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"

int main(void)
{
	char shared[5] = "none", private[5] = "none";
	uintptr_t s, e;
	void *ps, *pp;
	size_t pg;

	mc_begin();
	pg = mc_page_size();
	ps = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	pp = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (!mc_maps_entry(ps, &s, &e, shared))
		strcpy(shared, "none");
	if (!mc_maps_entry(pp, &s, &e, private))
		strcpy(private, "none");

	mc_observe("shared_perms", "%s", shared);
	mc_observe("private_perms", "%s", private);
	mc_check(shared[3] == 's', "the MAP_SHARED mapping shows perms '%s', not ...s", shared);
	mc_check(private[3] == 'p', "the MAP_PRIVATE mapping shows perms '%s', not ...p", private);
	return mc_finish();
}

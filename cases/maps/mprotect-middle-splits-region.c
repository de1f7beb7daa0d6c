/*
 * Claim: After mprotect() of the middle page of a three-page read/write mapping to PROT_READ, /proc/self/maps shows the middle page as a region of its own with perms r--, between regions with rw-.
 * Source: Linux man-pages proc(5), /proc/pid/maps: "the currently mapped memory regions and their access permissions"
 * Source: Linux man-pages mprotect(2), DESCRIPTION: mprotect() "changes the access protections for the calling process's memory pages containing any part of the address range"
 * Tags: mprotect anonymous procfs
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"

int main(void)
{
	char perms[3][5] = { "none", "none", "none" };
	uintptr_t s[3] = { 0 }, e[3] = { 0 };
	size_t pg, i;
	char *p;

	mc_begin();
	pg = mc_page_size();
	p = SAFE_MMAP(NULL, 3 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	SAFE(mprotect(p + pg, pg, PROT_READ));

	for (i = 0; i < 3; i++)
		if (!mc_maps_entry(p + i * pg, &s[i], &e[i], perms[i]))
			strcpy(perms[i], "none");
	mc_observe("perms", "%s,%s,%s", perms[0], perms[1], perms[2]);
	mc_observe("middle_pages", "%ld", (long)((e[1] - s[1]) / pg));
	mc_check(strncmp(perms[0], "rw-", 3) == 0 && e[0] == (uintptr_t)(p + pg),
		 "page 0: perms '%s', its region does not end at the middle page", perms[0]);
	mc_check(strncmp(perms[1], "r--", 3) == 0 && s[1] == (uintptr_t)(p + pg) && e[1] == (uintptr_t)(p + 2 * pg),
		 "middle page: perms '%s', not a one-page r-- region", perms[1]);
	mc_check(strncmp(perms[2], "rw-", 3) == 0 && s[2] == (uintptr_t)(p + 2 * pg),
		 "page 2: perms '%s', its region does not start after the middle page", perms[2]);
	return mc_finish();
}

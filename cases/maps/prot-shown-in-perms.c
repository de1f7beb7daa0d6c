/*
 * Claim: /proc/self/maps shows each mapping's protection in its perms field: r--, rw-, r-x and --- for mappings made with PROT_READ, PROT_READ|PROT_WRITE, PROT_READ|PROT_EXEC and PROT_NONE.
 * Source: Linux man-pages proc(5), /proc/pid/maps: "A file containing the currently mapped memory regions and their access permissions"; perms "r = read, w = write, x = execute"
 * Tags: mmap anonymous procfs
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"

int main(void)
{
	static const int prots[] = { PROT_READ, PROT_READ | PROT_WRITE, PROT_READ | PROT_EXEC, PROT_NONE };
	static const char *want[] = { "r--", "rw-", "r-x", "---" };
	char perms[5], seen[4][5];
	uintptr_t s, e;
	size_t pg, i;
	void *p;

	mc_begin();
	pg = mc_page_size();
	for (i = 0; i < ARRAY_SIZE(prots); i++) {
		p = SAFE_MMAP(NULL, pg, prots[i], MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		strcpy(seen[i], "none");
		if (mc_maps_entry(p, &s, &e, perms))
			snprintf(seen[i], sizeof(seen[i]), "%.3s", perms);
		SAFE(munmap(p, pg));
	}
	mc_observe("perms", "%s,%s,%s,%s", seen[0], seen[1], seen[2], seen[3]);
	for (i = 0; i < ARRAY_SIZE(prots); i++)
		mc_check(strcmp(seen[i], want[i]) == 0, "mapping %zu shows perms '%s', expected '%s'", i, seen[i], want[i]);
	return mc_finish();
}

/*
 * Claim: mprotect(PROT_READ) on the middle page of a three-page read/write anonymous mapping leaves three mappings in /proc/self/maps: read/write, read-only, read/write.
 * Source: Linux man-pages mprotect(2), ERRORS (ENOMEM): "making the protection of a range PROT_READ in the middle of a region currently protected as PROT_READ|PROT_WRITE would result in three mappings: two read/write mappings at each end and a read-only mapping in the middle"
 * Source: Linux man-pages proc(5), /proc/pid/maps: one line per mapped region with its address range and permissions
 * Tags: mprotect anonymous private procfs
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"

int main(void)
{
	unsigned long lo, hi, start, end;
	char line[512], perms[8], seen[64] = "";
	int n = 0;
	size_t pg;
	FILE *f;
	char *p;

	mc_begin();
	pg = mc_page_size();
	/* Guard pages around it, so that no neighbour can merge with the ends. */
	p = SAFE_MMAP(NULL, 5 * pg, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	SAFE(mprotect(p + pg, 3 * pg, PROT_READ | PROT_WRITE));
	SAFE(mprotect(p + 2 * pg, pg, PROT_READ));

	/* Linux only; FreeBSD would show it with procstat -v, the others with their own tools. */
	if (!(f = fopen("/proc/self/maps", "r")))
		mc_skip("no /proc/self/maps here");
	lo = (unsigned long)(uintptr_t)(p + pg);
	hi = (unsigned long)(uintptr_t)(p + 4 * pg);
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%lx-%lx %4s", &start, &end, perms) == 3 && start < hi && end > lo) {
			n++;
			snprintf(seen + strlen(seen), sizeof(seen) - strlen(seen), "%s%.3s:%lu",
				 n > 1 ? "," : "", perms, (end - start) / pg);
		}
	fclose(f);

	mc_observe("mappings", "%s", seen);
	mc_check(strcmp(seen, "rw-:1,r--:1,rw-:1") == 0,
		 "mappings over the three pages: %s, expected rw-:1,r--:1,rw-:1", seen);
	return mc_finish();
}

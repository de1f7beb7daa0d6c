/*
 * Claim: /proc/self/maps marks a MAP_SHARED mapping 's' and a MAP_PRIVATE mapping 'p' in the fourth character of its perms field.
 * Source: Linux man-pages proc(5), /proc/pid/maps: perms "s = shared, p = private (copy on write)"
 * Tags: mmap anonymous shared private procfs
 * Requires: linux
 */
#include "mmapcheck.h"

/*
 * The /proc/self/maps line whose range holds addr: its start, end and perms
 * ("rw-p"); 1 if found, 0 if no line holds addr.  Skips where the file is
 * missing (FreeBSD would use procstat -v / kinfo_getvmmap(3), macOS vmmap(1)).
 */
static int maps_entry(const void *addr, uintptr_t *start, uintptr_t *end, char perms[5])
{
	FILE *f = fopen("/proc/self/maps", "r");
	unsigned long s, e;
	char line[512];
	int found = 0;

	if (!f)
		mc_skip("/proc/self/maps cannot be read here (%s)", mc_errno_name(errno));
	while (!found && fgets(line, sizeof(line), f))
		if (sscanf(line, "%lx-%lx %4s", &s, &e, perms) == 3 && s <= (uintptr_t)addr && (uintptr_t)addr < e) {
			*start = s, *end = e;
			found = 1;
		}
	fclose(f);
	return found;
}

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
	if (!maps_entry(ps, &s, &e, shared))
		strcpy(shared, "none");
	if (!maps_entry(pp, &s, &e, private))
		strcpy(private, "none");

	mc_observe("shared_perms", "%s", shared);
	mc_observe("private_perms", "%s", private);
	mc_check(shared[3] == 's', "the MAP_SHARED mapping shows perms '%s', not ...s", shared);
	mc_check(private[3] == 'p', "the MAP_PRIVATE mapping shows perms '%s', not ...p", private);
	return mc_finish();
}

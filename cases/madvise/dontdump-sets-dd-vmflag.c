/*
 * Claim: After madvise(MADV_DONTDUMP) over a private anonymous mapping, the VmFlags line of its area in /proc/self/smaps shows "dd".
 * Source: Linux man-pages madvise(2), MADV_DONTDUMP: "Exclude from a core dump those pages in the range specified by addr and length."
 * Source: Linux man-pages proc(5), /proc/pid/smaps: VmFlags "dd - do not include area into core dump"
 * Tags: madvise anonymous private extension procfs
 * Requires: linux
 */
#include "mmapcheck.h"

/* Elsewhere the exclusion is not visible to the process (FreeBSD's MADV_NOCORE: procstat -v). */
#if defined(__linux__) && defined(MADV_DONTDUMP)
/* 1 if the VmFlags of the area containing addr list "dd", 0 if not, -1 if no such area. */
static int area_has_dd(const void *addr)
{
	unsigned long start, end, a = (unsigned long)addr;
	int in_area = 0, found = -1;
	char line[512];
	FILE *f;

	if (!(f = fopen("/proc/self/smaps", "r")))
		mc_skip("/proc/self/smaps is not readable here: %s", mc_errno_name(errno));
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%lx-%lx ", &start, &end) == 2 && strchr(line, '-') < strchr(line, ' '))
			in_area = start <= a && a < end;
		else if (in_area && strncmp(line, "VmFlags:", 8) == 0)
			found = strstr(line, " dd") != NULL;
	}
	fclose(f);
	return found;
}

int main(void)
{
	size_t len;
	char *p;
	int dd;

	mc_begin();
	len = 2 * mc_page_size();
	p = SAFE_MMAP(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	MC_EXPECT_ERRNO(madvise(p, len, MADV_DONTDUMP), 0);
	dd = area_has_dd(p);
	if (dd < 0)
		mc_broken("no area containing %p in /proc/self/smaps (or no VmFlags line)", (void *)p);

	mc_observe("vmflags_dd", "%s", dd ? "yes" : "no");
	mc_check(dd == 1, "VmFlags %s \"dd\" after MADV_DONTDUMP", dd ? "shows" : "lacks");
	SAFE(munmap(p, len));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MADV_DONTDUMP and /proc/self/smaps VmFlags are Linux interfaces; not a Linux build");
}
#endif

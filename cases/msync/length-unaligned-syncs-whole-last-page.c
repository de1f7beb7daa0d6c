/*
 * Claim: msync() with MS_SYNC and a length that is not a multiple of the page size returns 0 and writes back the whole last page the range touches, including bytes past addr + length.
 * Source: Linux man-pages msync(2), ERRORS: only addr must be a multiple of PAGESIZE (no entry for length); mm/msync.c rounds len up to a page multiple
 * Source: POSIX.1-2017 msync(), DESCRIPTION: "The msync() function shall write all modified data to permanent storage locations, if any, in those whole pages containing any part of the address space of the process starting at address addr and continuing for len bytes."
 * Tags: msync file shared procfs
 */
#include "mmapcheck.h"

/* kB dirty (Private_Dirty + Shared_Dirty) of the mapping at addr in /proc/self/smaps; -1: no smaps (BSDs, macOS). */
static long dirty_kb(const void *addr)
{
	long long private = mc_smaps_kb(addr, "Private_Dirty"), shared = mc_smaps_kb(addr, "Shared_Dirty");

	return private < 0 || shared < 0 ? -1 : (long)(private + shared);
}

int main(void)
{
	long before, after;
	size_t pg;
	char *p;
	int fd;

	mc_begin();
	pg = mc_page_size();
	fd = (int)SAFE(open(mc_file("data", pg, 'a'), O_RDWR));
	p = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	p[pg - 1] = 'Z';	/* the last byte of the page, outside [p, p + 1) */
	before = dirty_kb(p);
	if (before < 0)
		mc_skip("no /proc/self/smaps: cannot see whether msync() cleaned the page");
	if (before == 0)
		mc_broken("smaps shows no dirty page right after the store: nothing to observe");

	MC_EXPECT_ERRNO(msync(p, 1, MS_SYNC), 0);
	after = dirty_kb(p);
	mc_observe("dirty_kb", "%ld->%ld", before, after);
	mc_check(after == 0, "%ld kB still dirty after msync(p, 1, MS_SYNC): the partial page was not written", after);
	return mc_finish();
}

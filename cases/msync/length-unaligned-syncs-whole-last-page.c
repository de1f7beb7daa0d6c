/*
 * Claim: msync() with MS_SYNC and a length that is not a multiple of the page size returns 0 and writes back the whole last page the range touches, including bytes past addr + length.
 * Source: Linux man-pages msync(2), ERRORS: only addr must be a multiple of PAGESIZE (no entry for length); mm/msync.c rounds len up to a page multiple
 * Source: POSIX.1-2017 msync(), DESCRIPTION: "The msync() function shall write all modified data to permanent storage locations, if any, in those whole pages containing any part of the address space of the process starting at address addr and continuing for len bytes."
 * Tags: msync file shared procfs
 */
#include "mmapcheck.h"

#define TRIES 20

int main(void)
{
	long long before = 0, after = 0, control_before = 0, control_after = 0;
	const char *path;
	size_t pg;
	char *p, *control;
	int err = 0, fd, cfd, tries = 0;

	mc_begin();
	pg = mc_page_size();
	path = mc_file("data", 3 * pg, 'a');
	fd = (int)SAFE(open(path, O_RDWR));
	cfd = (int)SAFE(open(path, O_RDWR));	/* another open file: the areas never merge */
	SAFE(fsync(fd));	/* blocks allocated, pages clean: only the stores below dirty them */
	p = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, (off_t)pg);	/* page 1 */
	control = SAFE_MMAP(NULL, 3 * pg, PROT_READ | PROT_WRITE, MAP_SHARED, cfd, 0);
	if (mc_smaps_dirty_kb(p) < 0)
		mc_skip("no /proc/self/smaps: cannot see whether msync() cleaned the page");

	/* Controls: pages 0 and 2, dirtied but not synced.  Writeback by someone
	 * else sweeps the file in order: if it cleaned page 1 it cleaned a control
	 * too, and this try cannot tell who cleaned it; the case tries again. */
	do {
		p[pg - 1] = 'Z';	/* the last byte of the page, outside [p, p + 1) */
		control[0] = 'c', control[2 * pg] = 'c';
		before = mc_smaps_dirty_kb(p);
		control_before = mc_smaps_dirty_kb(control);
		if ((err = msync(p, 1, MS_SYNC) == 0 ? 0 : errno) != 0)
			break;
		after = mc_smaps_dirty_kb(p);
		control_after = mc_smaps_dirty_kb(control);
	} while ((before <= 0 || control_before <= 0 || control_after != control_before) && ++tries < TRIES);
	if (!mc_expect_errno(err, 0, "msync(p, 1, MS_SYNC)"))
		return mc_finish();
	mc_observe("dirty_kb", "%lld->%lld", before, after);
	mc_observe("control_dirty_kb", "%lld->%lld", control_before, control_after);
	if (tries == TRIES)	/* a fact about the machine (a sync loop, a busy flusher), not the claim */
		mc_skip("other write-back (a sync loop, the flusher) cleaned the file's pages around msync() in each of %d tries: "
			"what msync() itself wrote back cannot be observed here", TRIES);
	mc_check(after == 0, "%lld kB still dirty after msync(p, 1, MS_SYNC): the partial page was not written", after);
	return mc_finish();
}

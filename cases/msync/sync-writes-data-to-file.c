/*
 * Claim: msync() with MS_SYNC on a MAP_SHARED file mapping returns 0 only after writing the stored pages to the file: the mapping's dirty pages are clean afterwards and the file holds the bytes.
 * Source: POSIX.1-2017 msync(), DESCRIPTION: msync() "shall write all modified data to permanent storage locations"; with MS_SYNC it "shall not return until all write operations are completed"
 * Source: Linux man-pages msync(2), DESCRIPTION: msync() "flushes changes made to the in-core copy of a file ... back to the filesystem"; MS_SYNC "Requests an update and waits for it to complete"
 * Source: FreeBSD msync(2), DESCRIPTION: msync() "writes any modified pages back to the file system"; MS_SYNC "Perform synchronous writes"
 * Tags: msync file shared procfs
 */
#include "mmapcheck.h"

#define TRIES 20

int main(void)
{
	unsigned char got[2] = { 0, 0 };
	long long before = 0, after = 0, control_before = 0, control_after = 0;
	const char *path;
	size_t pg;
	char *p, *control;
	int err = 0, fd, cfd, rfd, tries = 0;

	mc_begin();
	pg = mc_page_size();
	path = mc_file("data", 4 * pg, 'a');
	fd = (int)SAFE(open(path, O_RDWR));
	cfd = (int)SAFE(open(path, O_RDWR));	/* another open file: the areas never merge */
	SAFE(fsync(fd));	/* blocks allocated, pages clean: only the stores below dirty them */
	p = SAFE_MMAP(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, (off_t)pg);	/* pages 1-2 */
	control = SAFE_MMAP(NULL, 4 * pg, PROT_READ | PROT_WRITE, MAP_SHARED, cfd, 0);
	if (mc_smaps_dirty_kb(p) < 0)
		mc_skip("no /proc/self/smaps: cannot see whether msync() cleaned the pages");

	/* Controls: pages 0 and 3, on both sides of the synced ones, dirtied too but
	 * not synced.  Writeback by someone else (sync(1), the flusher) sweeps the
	 * file in order, so if it cleaned pages 1-2 it cleaned a control as well:
	 * then this try cannot tell who cleaned them, and the case tries again. */
	do {
		p[5] = 'Y', p[pg + 9] = 'Z';
		control[0] = 'c', control[3 * pg] = 'c';
		before = mc_smaps_dirty_kb(p);
		control_before = mc_smaps_dirty_kb(control);
		if ((err = msync(p, 2 * pg, MS_SYNC) == 0 ? 0 : errno) != 0)
			break;
		after = mc_smaps_dirty_kb(p);
		control_after = mc_smaps_dirty_kb(control);
	} while ((before <= 0 || control_before <= 0 || control_after != control_before) && ++tries < TRIES);
	if (!mc_expect_errno(err, 0, "msync(p, 2 * pg, MS_SYNC)"))
		return mc_finish();
	mc_observe("dirty_kb", "%lld->%lld", before, after);
	mc_observe("control_dirty_kb", "%lld->%lld", control_before, control_after);
	if (tries == TRIES)	/* a fact about the machine (a sync loop, a busy flusher), not the claim */
		mc_skip("other write-back (a sync loop, the flusher) cleaned the file's pages around msync() in each of %d tries: "
			"what msync() itself wrote back cannot be observed here", TRIES);

	rfd = (int)SAFE(open(path, O_RDONLY));
	if (SAFE(pread(rfd, &got[0], 1, (off_t)pg + 5)) != 1 || SAFE(pread(rfd, &got[1], 1, 2 * (off_t)pg + 9)) != 1)
		mc_broken("pread() returned no byte");
	mc_observe("file", "0x%02x,0x%02x", got[0], got[1]);
	mc_check(after == 0, "%lld kB of the mapping still dirty after msync(MS_SYNC) returned", after);
	mc_check(got[0] == 'Y' && got[1] == 'Z', "file holds 0x%02x,0x%02x, expected 'Y','Z'", got[0], got[1]);
	return mc_finish();
}

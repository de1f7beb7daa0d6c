/*
 * Claim: msync() with MS_ASYNC on a MAP_SHARED file mapping returns 0 having started the write-back of the stored page (it is no longer dirty), and a read() of the file through another descriptor afterwards returns the bytes stored through the mapping.
 * Source: POSIX.1-2017 msync(), DESCRIPTION: with MS_ASYNC, msync() "shall return immediately once all the write operations are initiated or queued for servicing"
 * Source: Linux man-pages msync(2), DESCRIPTION: MS_ASYNC "Specifies that an update be scheduled, but the call returns immediately"; NOTES: since Linux 2.6.19 MS_ASYNC is a no-op, "the kernel properly tracks dirty pages and flushes them to storage as necessary"
 * Tags: msync file shared coherence procfs
 * Not-mutated: Linux starts no write-back for MS_ASYNC, so the case skips here and no mutant can turn a pass into a fail
 */
#include "mmapcheck.h"

#define TRIES 20

int main(void)
{
	long long before = 0, after = 0, control_before = 0, control_after = 0;
	unsigned char got = 0;
	const char *path;
	size_t pg;
	char *p, *control;
	int err = 0, fd, cfd, rfd, tries = 0;

	mc_begin();
	pg = mc_page_size();
	path = mc_file("data", 3 * pg, 'a');
	fd = (int)SAFE(open(path, O_RDWR));
	cfd = (int)SAFE(open(path, O_RDWR));	/* another open file: the areas never merge */
	SAFE(fsync(fd));	/* pages clean: only the stores below dirty them */
	p = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, (off_t)pg);	/* page 1 */
	control = SAFE_MMAP(NULL, 3 * pg, PROT_READ | PROT_WRITE, MAP_SHARED, cfd, 0);
	if (mc_smaps_dirty_kb(p) < 0)
		mc_skip("no /proc/self/smaps: cannot see whether msync(MS_ASYNC) started a write-back");

	/* Evidence the call acted: the page is clean after it, while the controls
	 * (pages 0 and 2, dirtied, not synced) stay dirty, or the try is repeated:
	 * someone else's write-back sweeping the file cleans them too. */
	do {
		p[7] = 'Q';
		control[0] = 'c', control[2 * pg] = 'c';
		before = mc_smaps_dirty_kb(p);
		control_before = mc_smaps_dirty_kb(control);
		if ((err = msync(p, pg, MS_ASYNC) == 0 ? 0 : errno) != 0)
			break;
		after = mc_smaps_dirty_kb(p);
		control_after = mc_smaps_dirty_kb(control);
	} while ((before <= 0 || control_before <= 0 || control_after != control_before) && ++tries < TRIES);
	if (!mc_expect_errno(err, 0, "msync(p, pg, MS_ASYNC)"))
		return mc_finish();
	mc_observe("dirty_kb", "%lld->%lld", before, after);
	if (tries == TRIES)	/* a fact about the machine (a sync loop, a busy flusher), not the claim */
		mc_skip("other write-back (a sync loop, the flusher) cleaned the file's pages around msync() in each of %d tries: "
			"what msync() itself wrote back cannot be observed here", TRIES);
	if (after != 0)
		mc_skip("msync(MS_ASYNC) left the page dirty, queued for the kernel's own write-back (Linux: a no-op since 2.6.19, msync(2) NOTES): nothing it does can be told from doing nothing");

	rfd = (int)SAFE(open(path, O_RDONLY));
	if (SAFE(pread(rfd, &got, 1, (off_t)pg + 7)) != 1)
		mc_broken("pread() returned no byte");
	mc_observe("file", "0x%02x", got);
	mc_check(got == 'Q', "file holds 0x%02x after msync(MS_ASYNC), expected 'Q'", got);
	return mc_finish();
}

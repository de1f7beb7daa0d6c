/*
 * Claim: After a store through a MAP_SHARED, PROT_WRITE file mapping to a page already written through it (so the store itself needs no fault), msync() with MS_SYNC leaves the file's st_mtime and st_ctime later than before that store.
 * Source: POSIX.1-2017 mmap(), DESCRIPTION: "The st_ctime and st_mtime fields of a file that is mapped with MAP_SHARED and PROT_WRITE shall be marked for update at some point in the interval between a write reference to the mapped region and the next call to msync() with MS_ASYNC or MS_SYNC for that portion of the file by any process."
 * Source: Linux man-pages mmap(2), DESCRIPTION, Timestamps changes for file-backed mappings: "The st_ctime and st_mtime field for a file mapped with PROT_WRITE and MAP_SHARED will be updated after a write to the mapped region, and before a subsequent msync(2) with the MS_SYNC or MS_ASYNC flag, if one occurs."
 * Tags: msync file shared
 * Not-mutated: Linux fails it (expected/linux: only the write fault marks the times), so no mutant can turn a pass into a fail; mmap/shared-store-marks-file-times-by-msync catches msync-mtime-not-updated
 */
#include "mmapcheck.h"
#include <time.h>

#ifdef __APPLE__	/* macOS names the timespec fields st_*timespec */
#define st_mtim st_mtimespec
#define st_ctim st_ctimespec
#endif

#define TRIES 20

static int later(struct timespec a, struct timespec b)	/* a > b */
{
	return a.tv_sec > b.tv_sec || (a.tv_sec == b.tv_sec && a.tv_nsec > b.tv_nsec);
}

/* Until the clock the file system stamps with has passed the file's times. */
static void wait_past(const struct stat *sb)
{
	clockid_t clk = CLOCK_REALTIME;
	struct timespec now;
	long spins = 0;

#ifdef CLOCK_REALTIME_COARSE
	clk = CLOCK_REALTIME_COARSE;	/* the clock Linux stamps files with */
#endif
	do {
		SAFE(clock_gettime(clk, &now));
		if (++spins > 100000000L)
			mc_broken("the clock did not pass the file's times");
	} while (!later(now, sb->st_mtim) || !later(now, sb->st_ctim));
}

int main(void)
{
	struct stat before, stored, after;
	size_t pg;
	char *p;
	int fd, tries = 0;

	mc_begin();
	pg = mc_page_size();
	fd = (int)SAFE(open(mc_file("data", pg, 'a'), O_RDWR));
	p = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	p[0] = 'b';	/* the first write reference: a fault, where Linux marks the times */

	/* The store must leave the times as they were, so that only msync() is
	 * left to mark them.  If it marked them itself (someone else's write-back
	 * cleaned the page, so the store faulted), the try tells nothing. */
	do {
		SAFE(fstat(fd, &before));
		wait_past(&before);
		p[1] = 'c';
		SAFE(fstat(fd, &stored));
	} while ((later(stored.st_mtim, before.st_mtim) || later(stored.st_ctim, before.st_ctim)) && ++tries < TRIES);
	if (tries == TRIES)	/* a fact about the machine (a sync loop, a busy flusher), not the claim */
		mc_skip("other write-back cleaned the page before each of %d stores (each store faulted and marked "
			"the times itself), so msync()'s part cannot be observed here", TRIES);

	MC_EXPECT_ERRNO(msync(p, pg, MS_SYNC), 0);
	SAFE(fstat(fd, &after));
	mc_note("mtime %lld.%09ld -> %lld.%09ld, ctime %lld.%09ld -> %lld.%09ld",
		(long long)before.st_mtim.tv_sec, (long)before.st_mtim.tv_nsec,
		(long long)after.st_mtim.tv_sec, (long)after.st_mtim.tv_nsec,
		(long long)before.st_ctim.tv_sec, (long)before.st_ctim.tv_nsec,
		(long long)after.st_ctim.tv_sec, (long)after.st_ctim.tv_nsec);
	mc_observe("mtime", "%s", later(after.st_mtim, before.st_mtim) ? "later" : "not-later");
	mc_observe("ctime", "%s", later(after.st_ctim, before.st_ctim) ? "later" : "not-later");
	mc_check(later(after.st_mtim, before.st_mtim), "st_mtime not updated by the store and msync()");
	mc_check(later(after.st_ctim, before.st_ctim), "st_ctime not updated by the store and msync()");
	SAFE(munmap(p, pg));
	return mc_finish();
}

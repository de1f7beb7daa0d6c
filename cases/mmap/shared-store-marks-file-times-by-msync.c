/*
 * Claim: A store through a MAP_SHARED, PROT_WRITE mapping of a file to a page not written since it was mapped marks the file's st_mtime and st_ctime for update: by the time a following msync() with MS_SYNC returns, both are later than before the store.
 * Source: POSIX.1-2017 mmap(), DESCRIPTION: "The st_ctime and st_mtime fields of a file that is mapped with MAP_SHARED and PROT_WRITE shall be marked for update at some point in the interval between a write reference to the mapped region and the next call to msync() with MS_ASYNC or MS_SYNC for that portion of the file by any process."
 * Source: Linux man-pages mmap(2), DESCRIPTION, Timestamps changes for file-backed mappings: "The st_ctime and st_mtime field for a file mapped with PROT_WRITE and MAP_SHARED will be updated after a write to the mapped region, and before a subsequent msync(2) with the MS_SYNC or MS_ASYNC flag, if one occurs."
 * Tags: mmap file shared msync
 */
#include "mmapcheck.h"
#include <time.h>

#ifdef __APPLE__	/* macOS names the timespec fields st_*timespec */
#define st_mtim st_mtimespec
#define st_ctim st_ctimespec
#endif

static int later(struct timespec a, struct timespec b)	/* a > b */
{
	return a.tv_sec > b.tv_sec || (a.tv_sec == b.tv_sec && a.tv_nsec > b.tv_nsec);
}

int main(void)
{
	struct timespec past[2] = { { 1000000000, 0 }, { 1000000000, 0 } }, now;
	struct stat before, after;
	clockid_t clk = CLOCK_REALTIME;
	long spins = 0;
	size_t pg;
	char *p;
	int fd;

	mc_begin();
	pg = mc_page_size();
	fd = (int)SAFE(open(mc_file("data", pg, 'a'), O_RDWR));
	SAFE(futimens(fd, past));	/* mtime in 2001; ctime becomes "now" */
	SAFE(fstat(fd, &before));
	p = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
#ifdef CLOCK_REALTIME_COARSE
	clk = CLOCK_REALTIME_COARSE;	/* the clock Linux stamps files with */
#endif
	/* Let the clock pass the ctime, so that a new ctime can be told apart. */
	do {
		SAFE(clock_gettime(clk, &now));
		if (++spins > 100000000L)
			mc_broken("the clock did not pass the file's ctime");
	} while (!later(now, before.st_ctim));
	p[0] = 'b';	/* the write reference whose marking the claim is about */

	SAFE(msync(p, pg, MS_SYNC));	/* the latest point the times may be marked (msync/sync-updates-file-mtime-and-ctime: msync()'s own part) */
	SAFE(fstat(fd, &after));
	mc_note("mtime %lld.%09ld -> %lld.%09ld, ctime %lld.%09ld -> %lld.%09ld",
		(long long)before.st_mtim.tv_sec, (long)before.st_mtim.tv_nsec,
		(long long)after.st_mtim.tv_sec, (long)after.st_mtim.tv_nsec,
		(long long)before.st_ctim.tv_sec, (long)before.st_ctim.tv_nsec,
		(long long)after.st_ctim.tv_sec, (long)after.st_ctim.tv_nsec);
	mc_observe("mtime", "%s", later(after.st_mtim, before.st_mtim) ? "later" : "not-later");
	mc_observe("ctime", "%s", later(after.st_ctim, before.st_ctim) ? "later" : "not-later");
	mc_check(later(after.st_mtim, before.st_mtim), "st_mtime not updated by the store (by the time msync() returned)");
	mc_check(later(after.st_ctim, before.st_ctim), "st_ctime not updated by the store (by the time msync() returned)");
	return mc_finish();
}

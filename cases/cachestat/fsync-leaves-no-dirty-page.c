/*
 * Claim: After fsync() of a file whose pages were written, cachestat() reports its pages cached and none dirty or under writeback.
 * Source: Linux man-pages 6.20 cachestat(2), DESCRIPTION: "cachestat() queries the number of cached pages, dirty pages, pages marked for writeback, evicted pages, and recently evicted pages"
 * Source: Linux man-pages fsync(2), DESCRIPTION: "fsync() transfers (\"flushes\") all modified in-core data of ... the file referred to by the file descriptor fd to the disk device ... The call blocks until the device reports that the transfer has completed."
 * Tags: cachestat file extension
 * Requires: linux
 */
#include "mmapcheck.h"

int main(void)
{
#ifdef __linux__
	struct mc_cachestat_range r = { 0, 0 };
	struct mc_cachestat before, after;
	size_t pg = mc_page_size();
	char *p;
	int fd;

	mc_begin();
	mc_require_lock_room(4);
	fd = (int)SAFE(open(mc_path("dirty"), O_RDWR | O_CREAT | O_EXCL, 0600));
	SAFE(ftruncate(fd, (off_t)(4 * pg)));
	p = SAFE_MMAP(NULL, 4 * pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	SAFE(mlock(p, 4 * pg));	/* cached for good: no eviction under load */
	memset(p, 'd', 4 * pg);
	/* Dirty now unless another process's sync() got there first: a note, neither
	 * claimed nor an observation (it would differ between runs). */
	mc_require_call(mc_cachestat(fd, &r, &before, 0), "cachestat", "6.5");
	mc_note("dirty before fsync(): %llu", (unsigned long long)before.nr_dirty);
	SAFE(fsync(fd));
	memset(&after, 0xff, sizeof(after));	/* counts the call must overwrite */
	SAFE(mc_cachestat(fd, &r, &after, 0));
	mc_observe("nr_cache", "%llu", (unsigned long long)after.nr_cache);
	mc_observe("nr_dirty", "%llu", (unsigned long long)after.nr_dirty);
	mc_observe("nr_writeback", "%llu", (unsigned long long)after.nr_writeback);
	SAFE(munmap(p, 4 * pg));
	SAFE(close(fd));
	mc_check(after.nr_cache == 4, "nr_cache after fsync(): %llu, expected 4", (unsigned long long)after.nr_cache);
	mc_check(after.nr_dirty == 0 && after.nr_writeback == 0, "after fsync(): %llu dirty, %llu under writeback",
		 (unsigned long long)after.nr_dirty, (unsigned long long)after.nr_writeback);
	return mc_finish();
#else
	mc_begin();
	mc_skip("cachestat() is a Linux call");
#endif
}

/*
 * Claim: cachestat() counts in nr_cache the pages of the range that are in the page cache, and not the never-written holes of the file.
 * Source: Linux man-pages 6.20 cachestat(2), DESCRIPTION: "cachestat() queries the number of cached pages, dirty pages, pages marked for writeback, evicted pages, and recently evicted pages in the byte range specified by .off and .len"
 * Tags: cachestat file extension
 * Requires: linux
 */
#include "mmapcheck.h"

int main(void)
{
#ifdef __linux__
	struct mc_cachestat_range all, holes;
	struct mc_cachestat cs, cs_holes;
	size_t pg = mc_page_size();
	char *p;
	int fd;

	mc_begin();
	mc_require_lock_room(4);
	/* Pages 0-3 written and locked in the cache (no eviction under load);
	 * pages 4-7 a hole never read or written. */
	fd = (int)SAFE(open(mc_file("cached", 4 * pg, 'c'), O_RDWR));
	SAFE(ftruncate(fd, (off_t)(8 * pg)));
	p = SAFE_MMAP(NULL, 4 * pg, PROT_READ, MAP_SHARED, fd, 0);
	SAFE(mlock(p, 4 * pg));
	all.off = 0, all.len = 8 * pg;
	holes.off = 4 * pg, holes.len = 4 * pg;
	memset(&cs, 0xff, sizeof(cs));	/* a count the call must overwrite */
	memset(&cs_holes, 0xff, sizeof(cs_holes));
	mc_require_call(mc_cachestat(fd, &all, &cs, 0), "cachestat", "6.5");
	if (cs.nr_cache != UINT64_MAX)	/* the first call acted: compare with the holes alone */
		SAFE(mc_cachestat(fd, &holes, &cs_holes, 0));
	mc_observe("nr_cache", "%llu", (unsigned long long)cs.nr_cache);
	mc_observe("holes_nr_cache", "%llu", (unsigned long long)cs_holes.nr_cache);
	SAFE(munmap(p, 4 * pg));
	SAFE(close(fd));
	mc_check(cs.nr_cache == 4, "nr_cache of 4 locked pages and a 4-page hole: %llu, expected 4",
		 (unsigned long long)cs.nr_cache);
	mc_check(cs_holes.nr_cache == 0, "nr_cache of the hole alone: %llu, expected 0",
		 (unsigned long long)cs_holes.nr_cache);
	return mc_finish();
#else
	mc_begin();
	mc_skip("cachestat() is a Linux call");
#endif
}

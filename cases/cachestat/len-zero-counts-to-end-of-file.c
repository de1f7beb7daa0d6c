/*
 * Claim: cachestat() with a range of length 0 counts the pages from .off to the end of the file.
 * Source: Linux man-pages 6.20 cachestat(2), DESCRIPTION: "If len == 0, the range is from .off to the end of the file."
 * Tags: cachestat file extension
 * Requires: linux
 */
#include "mmapcheck.h"

int main(void)
{
#ifdef __linux__
	struct mc_cachestat_range tail;
	struct mc_cachestat cs;
	size_t pg = mc_page_size();
	char *p;
	int fd;

	mc_begin();
	mc_require_lock_room(4);
	/* Four pages written and locked in the cache: none can be evicted under load. */
	fd = (int)SAFE(open(mc_file("tail", 4 * pg, 't'), O_RDONLY));
	p = SAFE_MMAP(NULL, 4 * pg, PROT_READ, MAP_SHARED, fd, 0);
	SAFE(mlock(p, 4 * pg));
	tail.off = pg, tail.len = 0;
	memset(&cs, 0xff, sizeof(cs));	/* a count the call must overwrite */
	mc_require_call(mc_cachestat(fd, &tail, &cs, 0), "cachestat", "6.5");
	mc_observe("nr_cache", "%llu", (unsigned long long)cs.nr_cache);
	SAFE(munmap(p, 4 * pg));
	SAFE(close(fd));
	mc_check(cs.nr_cache == 3, "nr_cache from page 1 with len 0 in a 4-page file: %llu, expected 3",
		 (unsigned long long)cs.nr_cache);
	return mc_finish();
#else
	mc_begin();
	mc_skip("cachestat() is a Linux call");
#endif
}

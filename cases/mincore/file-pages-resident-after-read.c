/*
 * Claim: After read() of a whole file whose pages were evicted from the page cache, mincore() on a shared mapping of the file reports every page resident, although the mapping itself was never touched.
 * Source: Linux man-pages mincore(2), DESCRIPTION: mincore() tells whether pages "are resident in core (RAM), and so will not cause a disk access (page fault) if referenced"
 * Source: Linux man-pages posix_fadvise(2), POSIX_FADV_DONTNEED: "attempts to free cached pages associated with the specified region" (used to evict them first)
 * Tags: mincore file shared
 */
#define _DEFAULT_SOURCE	/* mc_require_residency_observable */
#include "mmapcheck.h"

#define NPAGES 4

#if !defined(__OpenBSD__) && defined(POSIX_FADV_DONTNEED)
int main(void)
{
	long before, after;
	size_t pg;
	char *p, *buf;
	int fd;

	mc_begin();
	mc_require_residency_observable();
	pg = mc_page_size();
	fd = (int)SAFE(open(mc_file("data", NPAGES * pg, 'a'), O_RDWR));
	SAFE(fsync(fd));	/* clean pages can be evicted */
	if ((errno = posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED)) != 0)
		mc_broken("posix_fadvise(POSIX_FADV_DONTNEED) failed: %s", mc_errno_name(errno));
	p = SAFE_MMAP(NULL, NPAGES * pg, PROT_READ, MAP_SHARED, fd, 0);
	before = SAFE(mc_resident_pages(p, NPAGES * pg));
	if (before != 0)
		mc_skip("%ld of %d pages stay cached after POSIX_FADV_DONTNEED: cannot start from none", before, NPAGES);

	buf = malloc(NPAGES * pg);
	if (!buf || SAFE(pread(fd, buf, NPAGES * pg, 0)) != (ssize_t)(NPAGES * pg))
		mc_broken("pread() of the whole file failed");
	after = SAFE(mc_resident_pages(p, NPAGES * pg));
	free(buf);

	mc_observe("resident", "%ld->%ld/%d", before, after, NPAGES);
	mc_check(after == NPAGES, "%ld of %d pages resident after read() of the whole file", after, NPAGES);
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("no mincore() (OpenBSD) or no posix_fadvise() to evict the file's pages first (macOS)");
}
#endif

/*
 * Claim: A file mapping made with MAP_POPULATE has every page of the file resident right after mmap() returns, though the file's pages were evicted from the page cache before.
 * Source: Linux man-pages mmap(2), MAP_POPULATE: "Populate (prefault) page tables for a mapping. For a file mapping, this causes read-ahead on the file."
 * Source: Linux man-pages mincore(2), DESCRIPTION: mincore() tells whether the pages of a mapping are resident in memory; NOTES of posix_fadvise(2): POSIX_FADV_DONTNEED frees cached pages
 * Tags: mmap mincore file shared extension
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MAP_POPULATE */
#include "mmapcheck.h"

#ifdef MAP_POPULATE
#define NPAGES 16

int main(void)
{
	long before, resident;
	size_t len;
	char *p;
	int fd;

	mc_begin();
	mc_require_residency_observable();
	len = NPAGES * mc_page_size();
	fd = (int)SAFE(open(mc_file("data", len, 'p'), O_RDONLY));
	/* Evict the clean pages; the control mapping (no MAP_POPULATE) must then see none. */
	SAFE(fdatasync(fd));
	errno = posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
	if (errno)
		mc_broken("posix_fadvise(POSIX_FADV_DONTNEED) failed: %s", mc_errno_name(errno));
	p = SAFE_MMAP(NULL, len, PROT_READ, MAP_SHARED, fd, 0);
	before = SAFE(mc_resident_pages(p, len));
	SAFE(munmap(p, len));
	mc_observe("resident_before", "%ld/%d", before, NPAGES);
	if (before > 0)
		mc_skip("this filesystem keeps the file's pages cached after POSIX_FADV_DONTNEED (tmpfs?): "
			"MAP_POPULATE could not be told apart from no effect");

	p = MC_EXPECT_MAP(NULL, len, PROT_READ, MAP_SHARED | MAP_POPULATE, fd, 0);
	resident = SAFE(mc_resident_pages(p, len));
	mc_observe("resident", "%ld/%d", resident, NPAGES);
	mc_check(resident == NPAGES, "%ld of %d file pages resident after MAP_POPULATE", resident, NPAGES);
	SAFE(munmap(p, len));
	SAFE(close(fd));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MAP_POPULATE is not defined on this platform");
}
#endif

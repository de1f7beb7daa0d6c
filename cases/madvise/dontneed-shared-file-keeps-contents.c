/*
 * Claim: After madvise(MADV_DONTNEED) over a MAP_SHARED file mapping written through the mapping, the mapping and read() of the file both still give the stored data.
 * Source: Linux man-pages madvise(2), MADV_DONTNEED: subsequent accesses "will result in repopulating the memory contents from the up-to-date contents of the underlying mapped file (for shared file mappings ...)"
 * Tags: madvise file shared extension
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MADV_DONTNEED */
#include "mmapcheck.h"

#if defined(__linux__) && defined(MADV_DONTNEED)
#define NPAGES 4

int main(void)
{
	long long rss_before, rss_after;
	size_t i, len, map_changed = 0, file_changed = 0;
	unsigned char *p, *buf;
	int fd;

	mc_begin();
	len = NPAGES * mc_page_size();
	fd = (int)SAFE(open(mc_file("f", len, 'f'), O_RDWR));
	p = SAFE_MMAP(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	memset(p, 'x', len);	/* dirty pages, not yet written back */
	if (!(buf = malloc(len)))
		mc_broken("malloc(%zu) failed", len);

	/* Evidence the call acted: it unmaps the pages, so the area's Rss drops to 0. */
	if ((rss_before = mc_smaps_kb(p, "Rss")) <= 0)
		mc_skip("/proc/self/smaps shows no Rss for the written range here: MADV_DONTNEED's drop cannot be observed");
	MC_EXPECT_ERRNO(madvise(p, len, MADV_DONTNEED), 0);
	rss_after = mc_smaps_kb(p, "Rss");
	mc_observe("rss_kb", "%lld->%lld", rss_before, rss_after);
	if (rss_after != 0)
		mc_broken("Rss is %lld kB after MADV_DONTNEED returned 0: no evidence the pages were dropped", rss_after);
	for (i = 0; i < len; i++)
		map_changed += p[i] != 'x';
	if (pread(fd, buf, len, 0) != (ssize_t)len)
		mc_broken("pread() failed: %s", mc_errno_name(errno));
	for (i = 0; i < len; i++)
		file_changed += buf[i] != 'x';

	mc_observe("changed_bytes", "map=%zu,file=%zu", map_changed, file_changed);
	mc_check(map_changed == 0, "%zu of %zu mapped bytes lost the store after MADV_DONTNEED", map_changed, len);
	mc_check(file_changed == 0, "%zu of %zu bytes read() lost the store after MADV_DONTNEED", file_changed, len);
	free(buf);
	SAFE(munmap(p, len));
	SAFE(close(fd));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MADV_DONTNEED repopulation is Linux semantics; not a Linux build");
}
#endif

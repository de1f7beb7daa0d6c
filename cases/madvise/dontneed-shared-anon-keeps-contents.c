/*
 * Claim: After madvise(MADV_DONTNEED) over a written MAP_SHARED anonymous mapping, the range still reads the data stored before.
 * Source: Linux man-pages madvise(2), MADV_DONTNEED: subsequent accesses "will result in repopulating the memory contents from the up-to-date contents of the underlying mapped file (for shared file mappings, shared anonymous mappings, and shmem-based techniques such as System V shared memory segments)"
 * Tags: madvise anonymous shared extension
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MADV_DONTNEED */
#include "mmapcheck.h"

#if defined(__linux__) && defined(MADV_DONTNEED)
#define NPAGES 4

int main(void)
{
	long long rss_before, rss_after;
	size_t i, len, changed = 0;
	unsigned char *p;

	mc_begin();
	len = NPAGES * mc_page_size();
	p = SAFE_MMAP(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	for (i = 0; i < len; i++)
		p[i] = (unsigned char)(i % 251 + 1);

	/* Evidence the call acted: it unmaps the pages, so the area's Rss drops to 0. */
	if ((rss_before = mc_smaps_kb(p, "Rss")) <= 0)
		mc_skip("/proc/self/smaps shows no Rss for the written range here: MADV_DONTNEED's drop cannot be observed");
	MC_EXPECT_ERRNO(madvise(p, len, MADV_DONTNEED), 0);
	rss_after = mc_smaps_kb(p, "Rss");
	mc_observe("rss_kb", "%lld->%lld", rss_before, rss_after);
	if (rss_after != 0)
		mc_broken("Rss is %lld kB after MADV_DONTNEED returned 0: no evidence the pages were dropped", rss_after);
	for (i = 0; i < len; i++)
		changed += p[i] != (unsigned char)(i % 251 + 1);

	mc_observe("changed_bytes", "%zu", changed);
	mc_check(changed == 0, "%zu of %zu bytes changed by MADV_DONTNEED on a shared mapping", changed, len);
	SAFE(munmap(p, len));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MADV_DONTNEED repopulation is Linux semantics; not a Linux build");
}
#endif

/*
 * Claim: mmap() accepts MAP_POPULATE|MAP_NONBLOCK on a private anonymous mapping, and the combination populates nothing: no page is resident before the first access.
 * Source: Linux man-pages mmap(2), MAP_NONBLOCK: "This flag is meaningful only in conjunction with MAP_POPULATE ... Since Linux 2.6.23, this flag causes MAP_POPULATE to do nothing."
 * Source: Linux man-pages mincore(2), DESCRIPTION: the least significant bit of each vector byte is set if the page is resident in memory
 * Tags: mmap mincore anonymous private extension
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MAP_NONBLOCK, MAP_POPULATE */
#include "mmapcheck.h"

#if defined(MAP_POPULATE) && defined(MAP_NONBLOCK)
#define NPAGES 16

int main(void)
{
	long resident;
	size_t len;
	char *p;

	mc_begin();
	mc_require_residency_observable();
	len = NPAGES * mc_page_size();
	p = MC_EXPECT_MAP(NULL, len, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE | MAP_NONBLOCK, -1, 0);
	resident = SAFE(mc_resident_pages(p, len));
	mc_observe("resident", "%ld/%d", resident, NPAGES);
	mc_check(resident == 0, "%ld of %d pages resident after MAP_POPULATE|MAP_NONBLOCK", resident, NPAGES);
	p[0] = 'n';	/* and the mapping works */
	SAFE(munmap(p, len));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MAP_POPULATE or MAP_NONBLOCK is not defined on this platform");
}
#endif

/*
 * Claim: mmap() with MAP_DENYWRITE of a file that is open for writing fails with ETXTBSY.
 * Source: Linux man-pages mmap(2), ERRORS: "ETXTBSY MAP_DENYWRITE was set but the object specified by fd is open for writing."
 * Source: Linux man-pages mmap(2), MAP_DENYWRITE: "This flag is ignored." (the same page; Linux follows this sentence, see expected/linux)
 * Covers: mmap(2) ETXTBSY
 * Tags: mmap errno file private extension
 * Requires: linux
 * Not-mutated: Linux ignores MAP_DENYWRITE, so the case fails here (expected/linux) and no mutant can turn a pass into a fail
 */
#define _DEFAULT_SOURCE	/* MAP_DENYWRITE */
#include "mmapcheck.h"

#ifdef MAP_DENYWRITE
int main(void)
{
	const char *path;
	int rw, ro;

	mc_begin();
	path = mc_file("data", mc_page_size(), 'a');
	rw = (int)SAFE(open(path, O_RDWR));	/* the file stays open for writing */
	ro = (int)SAFE(open(path, O_RDONLY));
	MC_EXPECT_MAP_ERRNO(mmap(NULL, mc_page_size(), PROT_READ, MAP_PRIVATE | MAP_DENYWRITE, ro, 0), ETXTBSY);
	SAFE(close(ro));
	SAFE(close(rw));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MAP_DENYWRITE is not defined on this platform");
}
#endif

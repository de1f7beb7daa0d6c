/*
 * Claim: msync() with MS_SYNC|MS_INVALIDATE on a MAP_SHARED file mapping does not discard the stores made through that mapping: afterwards the mapping still shows them and the file holds them.
 * Source: Linux man-pages msync(2), DESCRIPTION: MS_INVALIDATE "Asks to invalidate other mappings of the same file (so that they can be updated with the fresh values just written)"
 * Source: POSIX.1-2017 msync(), DESCRIPTION: MS_INVALIDATE invalidates cached copies inconsistent with permanent storage, so that later references obtain data consistent with permanent storage (which MS_SYNC has just updated)
 * Tags: msync file shared coherence
 * Noop-satisfies: the claim is that MS_INVALIDATE does not discard the mapping's stores, which an msync() that does nothing satisfies; that MS_SYNC writes pages back is claimed and checked by msync/sync-writes-data-to-file
 */
#include "mmapcheck.h"

int main(void)
{
	unsigned char in_map, in_file = 0;
	const char *path;
	size_t pg;
	char *p;
	int fd, rfd;

	mc_begin();
	pg = mc_page_size();
	path = mc_file("data", pg, 'a');
	fd = (int)SAFE(open(path, O_RDWR));
	p = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	p[17] = 'Z';

	/* Teaching material says MS_INVALIDATE throws away the store. */
	MC_EXPECT_ERRNO(msync(p, pg, MS_SYNC | MS_INVALIDATE), 0);
	in_map = (unsigned char)p[17];
	rfd = (int)SAFE(open(path, O_RDONLY));
	if (SAFE(pread(rfd, &in_file, 1, 17)) != 1)
		mc_broken("pread() returned no byte");

	mc_observe("mapping", "0x%02x", in_map);
	mc_observe("file", "0x%02x", in_file);
	mc_check(in_map == 'Z', "mapping shows 0x%02x after MS_SYNC|MS_INVALIDATE, expected 'Z'", in_map);
	mc_check(in_file == 'Z', "file holds 0x%02x after MS_SYNC|MS_INVALIDATE, expected 'Z'", in_file);
	return mc_finish();
}

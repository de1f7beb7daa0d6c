/*
 * Claim: msync() with MS_SYNC on a MAP_PRIVATE file mapping returns 0 and does not write the private copy's stores to the file.
 * Source: POSIX.1-2017 msync(), DESCRIPTION: "When the msync() function is called on MAP_PRIVATE mappings, any modified data shall not be written to the underlying object and shall not cause such data to be made visible to other processes."
 * Source: Linux man-pages mmap(2), MAP_PRIVATE: "Updates to the mapping are not visible to other processes mapping the same file, and are not carried through to the underlying file."
 * Tags: msync file private
 * Noop-satisfies: the claim is that msync() returns 0 and does NOT write a private copy's stores to the file, which an msync() that does nothing satisfies; that msync() does write shared stores is checked by msync/sync-writes-data-to-file
 */
#include "mmapcheck.h"

int main(void)
{
	unsigned char got = 0;
	const char *path;
	size_t pg;
	char *p;
	int fd, rfd;

	mc_begin();
	pg = mc_page_size();
	path = mc_file("data", pg, 'a');
	fd = (int)SAFE(open(path, O_RDWR));
	p = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	p[3] = 'P';

	MC_EXPECT_ERRNO(msync(p, pg, MS_SYNC), 0);
	rfd = (int)SAFE(open(path, O_RDONLY));
	if (SAFE(pread(rfd, &got, 1, 3)) != 1)
		mc_broken("pread() returned no byte");
	mc_observe("file", "0x%02x", got);
	mc_check(got == 'a', "file holds 0x%02x after msync() of a private mapping, expected 'a'", got);
	return mc_finish();
}

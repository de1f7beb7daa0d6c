/*
 * Claim: After madvise(MADV_DONTNEED) over a written MAP_PRIVATE file mapping, the range reads the file's contents again, not the private stores.
 * Source: Linux man-pages madvise(2), MADV_DONTNEED: subsequent accesses "will result in repopulating the memory contents from the up-to-date contents of the underlying mapped file ... or zero-fill-on-demand pages for anonymous private mappings"
 * Tags: madvise file private extension
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MADV_DONTNEED */
#include "mmapcheck.h"

#if defined(__linux__) && defined(MADV_DONTNEED)
#define NPAGES 4

int main(void)
{
	size_t i, len, not_file = 0;
	unsigned char *p;
	int fd;

	mc_begin();
	len = NPAGES * mc_page_size();
	fd = (int)SAFE(open(mc_file("f", len, 'f'), O_RDWR));
	p = SAFE_MMAP(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	memset(p, 'x', len);	/* private copies of every page */

	MC_EXPECT_ERRNO(madvise(p, len, MADV_DONTNEED), 0);
	for (i = 0; i < len; i++)
		not_file += p[i] != 'f';

	mc_observe("byte0", "0x%02x", p[0]);
	mc_observe("bytes_not_from_file", "%zu", not_file);
	mc_check(not_file == 0, "%zu of %zu bytes differ from the file after MADV_DONTNEED", not_file, len);
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

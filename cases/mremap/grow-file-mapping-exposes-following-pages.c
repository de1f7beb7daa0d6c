/*
 * Claim: Growing a MAP_SHARED mapping of the first page of a file with mremap() makes the new pages show the file's following pages.
 * Source: Linux man-pages mremap(2), DESCRIPTION: mremap() "expands (or shrinks) an existing memory mapping"; NOTES: it "changes the mapping between virtual addresses and memory pages"
 * Source: Linux man-pages mmap(2), DESCRIPTION: the contents of a file mapping are initialized using length bytes starting at offset offset in the file
 * Tags: mremap file shared extension
 * Requires: linux
 */
#define _GNU_SOURCE	/* MREMAP_MAYMOVE */
#include "mmapcheck.h"

#if defined(__linux__) && defined(MREMAP_MAYMOVE)
int main(void)
{
	size_t pg, i;
	char *p, *q;
	int fd;

	mc_begin();
	pg = mc_page_size();
	fd = SAFE(open(mc_file("f", 3 * pg, 0), O_RDWR));
	for (i = 0; i < 3; i++) {	/* page i holds 'A' + i at offset 7 */
		char c = (char)('A' + i);

		SAFE(pwrite(fd, &c, 1, (off_t)(i * pg + 7)));
	}
	p = SAFE_MMAP(NULL, pg, PROT_READ, MAP_SHARED, fd, 0);

	MC_EXPECT_MAP_ERRNO(q = mremap(p, pg, 3 * pg, MREMAP_MAYMOVE), 0);
	if (q == MAP_FAILED)
		return mc_finish();
	mc_observe("bytes", "%c%c%c", q[7] ? q[7] : '0', q[pg + 7] ? q[pg + 7] : '0',
		   q[2 * pg + 7] ? q[2 * pg + 7] : '0');
	mc_check(q[7] == 'A' && q[pg + 7] == 'B' && q[2 * pg + 7] == 'C',
		 "pages 0..2 read 0x%02x 0x%02x 0x%02x, expected the file's A B C", (unsigned char)q[7],
		 (unsigned char)q[pg + 7], (unsigned char)q[2 * pg + 7]);
	SAFE(close(fd));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("mremap() is Linux-only; not available here");
}
#endif

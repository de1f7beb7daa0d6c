/*
 * Claim: After ftruncate() shrinks a file mapped MAP_SHARED to an end in the middle of a page, that page keeps its bytes before the new end, seen both through the mapping and by pread().
 * Source: Linux man-pages truncate(2), DESCRIPTION: "If the file previously was larger than this size, the extra data is lost." (only the extra data)
 * Source: POSIX.1-2017 ftruncate(), DESCRIPTION: "If the file previously was larger than length, the extra data is discarded."
 * Source: POSIX.1-2017 mmap(), DESCRIPTION: references to whole pages following the end of an object result in SIGBUS; the partial page at the end stays mapped
 * Tags: ftruncate file shared
 */
#include "mmapcheck.h"

int main(void)
{
	size_t pg, end, i, kept = 0;
	unsigned char *buf;
	ssize_t got;
	char *p;
	int fd;

	mc_begin();
	pg = mc_page_size();
	end = pg + pg / 2 + 3;	/* the new end, inside page 1 */
	fd = (int)SAFE(open(mc_file("data", 2 * pg, 'a'), O_RDWR));
	p = SAFE_MMAP(NULL, 2 * pg, PROT_READ, MAP_SHARED, fd, 0);
	if (p[pg] != 'a')
		mc_broken("the mapping does not show the file");
	if (!(buf = malloc(pg)))
		mc_broken("malloc(%zu) failed", pg);

	SAFE(ftruncate(fd, (off_t)end));
	for (i = pg; i < end; i++)
		kept += p[i] == 'a';
	got = SAFE(pread(fd, buf, pg, (off_t)pg));

	mc_observe("kept_mapped", "%zu/%zu", kept, end - pg);
	mc_observe("pread_bytes", "%zd", got);
	mc_check(kept == end - pg, "%zu of the %zu bytes before the new end still read 'a' through the mapping",
		 kept, end - pg);
	mc_check(got == (ssize_t)(end - pg) && memchr(buf, 0, (size_t)got) == NULL && buf[got - 1] == 'a',
		 "pread() of the page holding the new end returned %zd bytes, not %zu bytes of 'a'", got, end - pg);
	free(buf);
	return mc_finish();
}

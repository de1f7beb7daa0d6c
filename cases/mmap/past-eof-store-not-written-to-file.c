/*
 * Claim: Stores into the part of the last page of a MAP_SHARED mapping that lies beyond the end of the file are never written to the file: after munmap() (no msync()) its size is the same, and once ftruncate() extends the file those bytes read as zero.
 * Source: POSIX.1-2017 mmap(), DESCRIPTION: "any modified portions of the last page of an object which are beyond its end" shall not be written out
 * Source: Linux man-pages mmap(2), NOTES: modifications to the partial page past the end of the file "are not written out to the file"; BUGS: "the data stays in the page cache ... subsequent mappings may see the modified content" (the deviation expected/linux lists for tmpfs)
 * Source: POSIX.1-2017 ftruncate(), DESCRIPTION: if the file is extended, the extended area shall appear as if it were zero-filled
 * Tags: mmap file shared ftruncate
 */
#include "mmapcheck.h"

static size_t count_nonzero(const unsigned char *b, size_t n)
{
	size_t i, c = 0;

	for (i = 0; i < n; i++)
		c += b[i] != 0;
	return c;
}

/* Nothing but the claim's own steps touches the file between the stores and
 * the pread(): what a later mapping sees is a case of its own
 * (mmap/past-eof-store-not-seen-by-later-mapping). */
int main(void)
{
	size_t pg, size, after;
	unsigned char *p, *buf;
	struct stat sb;
	int fd;

	mc_begin();
	pg = mc_page_size();
	size = pg / 2;
	if (!(buf = malloc(pg)))
		mc_broken("malloc(%zu) failed", pg);
	fd = (int)SAFE(open(mc_file("data", size, 'a'), O_RDWR));
	p = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	memset(p + size, 'Z', pg - size);	/* past EOF, inside the last page */
	SAFE(munmap(p, pg));

	SAFE(fstat(fd, &sb));
	SAFE(ftruncate(fd, (off_t)pg));
	if (SAFE(pread(fd, buf, pg - size, (off_t)size)) != (ssize_t)(pg - size))
		mc_broken("short pread() of the extended part");
	after = count_nonzero(buf, pg - size);

	mc_observe("size", "%lld", (long long)sb.st_size);
	mc_observe("extended_nonzero", "%zu", after);
	mc_check(sb.st_size == (off_t)size, "the file grew from %zu to %lld bytes", size, (long long)sb.st_size);
	mc_check(after == 0, "%zu bytes stored past EOF appear in the file after ftruncate() extends it", after);
	free(buf);
	return mc_finish();
}

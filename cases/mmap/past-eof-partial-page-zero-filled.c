/*
 * Claim: In the last page of a file mapping, the bytes beyond the end of the file read as zero.
 * Source: Linux man-pages mmap(2), NOTES: "the remaining bytes in the partial page at the end of the mapping are zeroed when mapped"
 * Source: POSIX.1-2017 mmap(), DESCRIPTION: the system shall always zero-fill any partial page at the end of an object
 * Source: FreeBSD mmap(2), DESCRIPTION: "Any such extension beyond the end of the mapped object will be zero-filled."
 * Tags: mmap file
 */
#include "mmapcheck.h"

int main(void)
{
	size_t pg, size, i, nonzero = 0;
	const char *p;
	int fd;

	mc_begin();
	pg = mc_page_size();
	size = pg / 2 + 3;	/* the file ends in the middle of its only page */
	fd = (int)SAFE(open(mc_file("data", size, 'a'), O_RDONLY));
	p = SAFE_MMAP(NULL, pg, PROT_READ, MAP_SHARED, fd, 0);

	if (p[size - 1] != 'a')
		mc_broken("the last byte of the file reads 0x%02x, not 'a'", (unsigned char)p[size - 1]);
	for (i = size; i < pg; i++)
		nonzero += p[i] != 0;

	mc_observe("nonzero_past_eof", "%zu", nonzero);
	mc_check(nonzero == 0, "%zu of the %zu bytes past EOF are not zero", nonzero, pg - size);
	return mc_finish();
}

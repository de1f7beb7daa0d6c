/*
 * Claim: After stores into the part of the last page of a MAP_SHARED file mapping that lies beyond the end of the file, and munmap(), a new mapping of the file reads that part as zero.
 * Source: POSIX.1-2017 mmap(), DESCRIPTION: "The system shall always zero-fill any partial page at the end of an object."
 * Source: Linux man-pages mmap(2), NOTES: "the remaining bytes in the partial page at the end of the mapping are zeroed when mapped, and modifications to that region are not written out to the file"; BUGS: "the data stays in the page cache ... subsequent mappings may see the modified content"
 * Tags: mmap file shared
 * Not-mutated: Linux fails it on every file system (expected/linux, mmap(2) BUGS), so no mutant can turn a pass into a fail
 */
#include "mmapcheck.h"

int main(void)
{
	size_t pg, size, i, nonzero = 0;
	unsigned char *p;
	int fd;

	mc_begin();
	pg = mc_page_size();
	size = pg / 2;
	fd = (int)SAFE(open(mc_file("data", size, 'a'), O_RDWR));
	p = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	memset(p + size, 'Z', pg - size);	/* past EOF, inside the last page */
	SAFE(munmap(p, pg));

	p = SAFE_MMAP(NULL, pg, PROT_READ, MAP_SHARED, fd, 0);
	for (i = size; i < pg; i++)
		nonzero += p[i] != 0;
	mc_observe("nonzero_past_eof", "%zu", nonzero);
	mc_check(nonzero == 0, "%zu of the %zu bytes past EOF in a new mapping are not zero", nonzero, pg - size);
	SAFE(munmap(p, pg));
	return mc_finish();
}

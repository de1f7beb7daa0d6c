/*
 * Claim: mmap() of a regular file at the last page-aligned offset an off_t can hold, with a length that carries off + len past that maximum, fails with EOVERFLOW.
 * Source: POSIX.1-2017 mmap(), ERRORS: "[EOVERFLOW] The file is a regular file and the value of off plus len exceeds the offset maximum established in the open file description associated with fildes."
 * Tags: mmap errno file
 */
#include "mmapcheck.h"

int main(void)
{
	off_t max, off;
	size_t pg;
	int fd;

	mc_begin();
	pg = mc_page_size();
	fd = (int)SAFE(open(mc_file("data", pg, 'a'), O_RDONLY));
	/* The largest off_t (a signed type), rounded down to a page: alignment is not the issue. */
	max = (off_t)(((uintmax_t)1 << (sizeof(off_t) * CHAR_BIT - 1)) - 1);
	off = max - max % (off_t)pg;
	mc_observe("off_t_bits", "%zu", sizeof(off_t) * CHAR_BIT);

	MC_EXPECT_MAP_ERRNO(mmap(NULL, 2 * pg, PROT_READ, MAP_PRIVATE, fd, off), EOVERFLOW);
	return mc_finish();
}

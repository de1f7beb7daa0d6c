/*
 * Claim: With MAP_ANONYMOUS the fd argument is ignored: mmap() given an open file descriptor instead of -1 succeeds and maps zero-filled memory, not the file.
 * Source: Linux man-pages mmap(2), MAP_ANONYMOUS: "The fd argument is ignored; however, some implementations require fd to be -1"
 * Source: Linux man-pages mmap(2), ERRORS: EBADF only when fd is invalid "and MAP_ANONYMOUS was not set"
 * Tags: mmap anonymous
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"

int main(void)
{
	unsigned char *p;
	size_t pg, i, nonzero = 0;
	int fd;

	mc_begin();
	pg = mc_page_size();
	/* A readable, writable regular file full of 'x': if it got mapped, it shows. */
	fd = (int)SAFE(open(mc_file("data", pg, 'x'), O_RDWR));

	/* FreeBSD, NetBSD and OpenBSD document EINVAL here; the errno line records it. */
	p = MC_EXPECT_MAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, fd, 0);
	for (i = 0; i < pg; i++)
		nonzero += p[i] != 0;
	mc_observe("first_byte", "0x%02x", p[0]);
	mc_check(nonzero == 0, "%zu bytes are not zero: the file was mapped", nonzero);
	SAFE(munmap(p, pg));
	return mc_finish();
}

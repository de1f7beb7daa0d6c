/*
 * Claim: A MAP_PRIVATE mapping of /dev/zero reads as zero bytes and is writable, and a store to it leaves the device reading zero.
 * Source: Linux man-pages zero(4), DESCRIPTION: "reads from /dev/zero always return bytes containing zero"; "Data written to the /dev/null and /dev/zero special files is discarded."
 * Source: FreeBSD zero(4), DESCRIPTION: the zero device "returns an endless supply of null bytes when read"
 * Source: POSIX.1-2017 mmap(), DESCRIPTION: with MAP_PRIVATE, modifications by the calling process "shall not change the underlying object"
 * Tags: mmap private extension
 */
#include "mmapcheck.h"

int main(void)
{
	size_t pg, len, i, nonzero = 0;
	unsigned char back = 0xff;
	volatile char *p;
	int fd;

	mc_begin();
	pg = mc_page_size();
	len = 3 * pg;
	fd = open("/dev/zero", O_RDWR);
	if (fd == -1)
		mc_skip("/dev/zero cannot be opened here: %s", mc_errno_name(errno));
	p = MC_EXPECT_MAP(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);

	for (i = 0; i < len; i++)
		nonzero += p[i] != 0;
	p[pg + 1] = 'Z';
	SAFE(read(fd, &back, 1));

	mc_observe("nonzero_bytes", "%zu", nonzero);
	mc_observe("device_read", "0x%02x", back);
	mc_check(nonzero == 0, "%zu of %zu bytes of a private /dev/zero mapping are not zero", nonzero, len);
	mc_check(p[pg + 1] == 'Z', "a store of 'Z' reads back as 0x%02x", (unsigned char)p[pg + 1]);
	mc_check(back == 0, "/dev/zero reads 0x%02x after a store to a private mapping of it", back);
	return mc_finish();
}

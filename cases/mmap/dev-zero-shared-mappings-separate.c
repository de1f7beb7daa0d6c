/*
 * Claim: Two separate MAP_SHARED mappings of /dev/zero (two mmap() calls) are distinct memory: a store through one is not seen through the other.
 * Source: Linux drivers/char/mem.c, mmap_zero(): a shared mapping gets its own object from shmem_zero_setup(), the same as MAP_SHARED|MAP_ANONYMOUS
 * Source: Linux man-pages zero(4), DESCRIPTION: "Data written to the /dev/null and /dev/zero special files is discarded." (the device keeps no contents to share)
 * Tags: mmap shared extension
 */
#include "mmapcheck.h"

int main(void)
{
	volatile char *a, *b;
	unsigned char seen;
	size_t pg;
	int fd;

	mc_begin();
	pg = mc_page_size();
	fd = open("/dev/zero", O_RDWR);
	if (fd == -1)
		mc_skip("/dev/zero cannot be opened here: %s", mc_errno_name(errno));
	a = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	b = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

	seen = (unsigned char)b[3];	/* both are mapped before the store */
	a[3] = 'Z';
	seen = (unsigned char)b[3];

	mc_observe("other_saw", "0x%02x", seen);
	mc_check(a[3] == 'Z', "a store of 'Z' reads back as 0x%02x", (unsigned char)a[3]);
	mc_check(seen == 0, "the other MAP_SHARED /dev/zero mapping shows 0x%02x after a store of 'Z'", seen);
	return mc_finish();
}

/*
 * Claim: After ftruncate() sizes a new POSIX shared memory object, every byte of a MAP_SHARED mapping of it reads zero.
 * Source: Linux man-pages shm_open(3), O_CREAT: "the size of the object can be set using ftruncate(2). The newly allocated bytes of a shared memory object are automatically initialized to 0."
 * Source: POSIX.1-2017 ftruncate(), DESCRIPTION: for a shared memory object, if the size is increased, the extended area shall be zero-filled
 * Tags: shm ftruncate mmap shared
 */
#include "mmapcheck.h"

int main(void)
{
	size_t pg, len, i, nonzero = 0;
	volatile char *p;
	char name[MC_SHM_NAME_MAX];
	int fd;

	mc_begin();
	pg = mc_page_size();
	len = 4 * pg;
	fd = mc_shm_create(name, "zero");
	SAFE(shm_unlink(name));
	SAFE(ftruncate(fd, (off_t)len));
	p = SAFE_MMAP(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

	for (i = 0; i < len; i++)
		nonzero += p[i] != 0;
	p[len - 1] = 'Z';	/* the sized object is writable to its last byte */

	mc_observe("nonzero_bytes", "%zu", nonzero);
	mc_check(nonzero == 0, "%zu of %zu bytes of the sized object are not zero", nonzero, len);
	mc_check(p[len - 1] == 'Z', "a store to the last byte reads back as 0x%02x", (unsigned char)p[len - 1]);
	return mc_finish();
}

/*
 * Claim: Under F_SEAL_WRITE, a MAP_PRIVATE PROT_WRITE mapping of the memfd still succeeds, and a store to it does not change the file.
 * Source: Linux man-pages fcntl(2), F_SEAL_WRITE: "trying to create new shared, writable memory-mappings via mmap(2) will also fail with EPERM" (only shared writable ones)
 * Source: Linux man-pages mmap(2), MAP_PRIVATE: updates "are not carried through to the underlying file"
 * Tags: memfd mmap private extension
 * Requires: linux
 */
#define _GNU_SOURCE	/* F_ADD_SEALS, MFD_ALLOW_SEALING */
#include "mmapcheck.h"

int main(void)
{
#if defined(MFD_ALLOW_SEALING) && defined(F_ADD_SEALS)
	unsigned char c = 0xff;
	volatile char *p;
	size_t pg;
	int fd;

	mc_begin();
	pg = mc_page_size();
	fd = (int)SAFE(memfd_create("mmapcheck", MFD_ALLOW_SEALING));
	SAFE(ftruncate(fd, (off_t)pg));
	SAFE(fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE));
	if (pwrite(fd, "x", 1, 3) != -1 || errno != EPERM)
		mc_broken("F_SEAL_WRITE is not in force: write() is not refused with EPERM");

	p = MC_EXPECT_MAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	p[3] = 'Z';
	SAFE(pread(fd, &c, 1, 3));
	mc_observe("pread", "0x%02x", c);
	mc_check(p[3] == 'Z', "the private store reads back as 0x%02x", (unsigned char)p[3]);
	mc_check(c == 0, "the sealed file's byte is 0x%02x after a private store", c);
	return mc_finish();
#else
	mc_begin();
	mc_skip("memfd_create() sealing (MFD_ALLOW_SEALING, F_ADD_SEALS) is not defined on this platform");
#endif
}

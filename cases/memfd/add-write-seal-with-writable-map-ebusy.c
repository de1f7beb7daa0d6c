/*
 * Claim: fcntl(F_ADD_SEALS, F_SEAL_WRITE) on a memfd fails with EBUSY while a MAP_SHARED PROT_WRITE mapping of it exists, and the seal is not added.
 * Source: Linux man-pages fcntl(2), ERRORS: "EBUSY cmd is F_ADD_SEALS, arg includes F_SEAL_WRITE, and there exists a writable, shared mapping on the file referred to by fd."
 * Source: Linux man-pages fcntl(2), F_SEAL_WRITE: "Such mappings must be unmapped before you can add this seal."
 * Covers: fcntl(2) EBUSY "F_SEAL_WRITE"
 * Covers: F_ADD_SEALS(2const) EBUSY
 * Tags: memfd errno shared extension
 * Requires: linux
 */
#define _GNU_SOURCE	/* F_ADD_SEALS, MFD_ALLOW_SEALING */
#include "mmapcheck.h"

int main(void)
{
#if defined(MFD_ALLOW_SEALING) && defined(F_ADD_SEALS)
	size_t pg;
	long seals;
	char *p;
	int fd;

	mc_begin();
	pg = mc_page_size();
	fd = (int)SAFE(memfd_create("mmapcheck", MFD_ALLOW_SEALING));
	SAFE(ftruncate(fd, (off_t)pg));
	p = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	p[0] = 'w';

	MC_EXPECT_ERRNO(fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE), EBUSY);
	seals = SAFE(fcntl(fd, F_GET_SEALS));
	mc_observe("seals", "0x%lx", seals);
	mc_check(!(seals & F_SEAL_WRITE), "F_SEAL_WRITE is set (seals 0x%lx) although the call was refused", seals);
	return mc_finish();
#else
	mc_begin();
	mc_skip("memfd_create() sealing (MFD_ALLOW_SEALING, F_ADD_SEALS) is not defined on this platform");
#endif
}

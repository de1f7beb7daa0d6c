/*
 * Claim: fcntl(F_ADD_SEALS, F_SEAL_WRITE) on a memfd succeeds while the only shared mapping of it is a PROT_READ one (not writable).
 * Source: Linux man-pages fcntl(2), ERRORS: "EBUSY cmd is F_ADD_SEALS, arg includes F_SEAL_WRITE, and there exists a writable, shared mapping on the file referred to by fd." (only a writable one)
 * Source: Linux man-pages fcntl(2), F_SEAL_WRITE: "Using the F_ADD_SEALS operation to set the F_SEAL_WRITE seal fails with EBUSY if any writable, shared mapping exists."
 * Tags: memfd errno shared extension
 * Requires: linux
 * Not-mutated: Linux refuses the seal here (expected/linux), so no injected bug can turn this case from pass to fail on this kernel
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
	/* Read-only, through the memfd's own read/write descriptor. */
	p = SAFE_MMAP(NULL, pg, PROT_READ, MAP_SHARED, fd, 0);
	(void)*(volatile char *)p;

	MC_EXPECT_ERRNO(fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE), 0);
	seals = SAFE(fcntl(fd, F_GET_SEALS));
	mc_observe("seals", "0x%lx", seals);
	return mc_finish();
#else
	mc_begin();
	mc_skip("memfd_create() sealing (MFD_ALLOW_SEALING, F_ADD_SEALS) is not defined on this platform");
#endif
}

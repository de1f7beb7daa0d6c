/*
 * Claim: mmap() with MAP_SHARED_VALIDATE|MAP_SYNC of a file that does not support DAX (a memfd, on tmpfs) fails with EOPNOTSUPP.
 * Source: Linux man-pages mmap(2), MAP_SYNC: "This flag is supported only for files supporting DAX (direct mapping of persistent memory). For other files, creating a mapping with this flag results in an EOPNOTSUPP error."
 * Tags: mmap errno file shared memfd extension
 * Requires: linux
 */
#define _GNU_SOURCE	/* MFD_CLOEXEC */
#include "mmapcheck.h"

#if defined(MAP_SYNC) && defined(MAP_SHARED_VALIDATE) && defined(MFD_CLOEXEC)
int main(void)
{
	size_t pg;
	int fd;

	mc_begin();
	pg = mc_page_size();
	/* shmem never supports DAX, whatever the scratch filesystem is. */
	fd = (int)SAFE(memfd_create("mmapcheck-sync", MFD_CLOEXEC));
	SAFE(ftruncate(fd, (off_t)pg));
	MC_EXPECT_MAP_ERRNO(mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED_VALIDATE | MAP_SYNC, fd, 0),
			    EOPNOTSUPP);
	SAFE(close(fd));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MAP_SYNC, MAP_SHARED_VALIDATE or memfd_create() is not available on this platform");
}
#endif

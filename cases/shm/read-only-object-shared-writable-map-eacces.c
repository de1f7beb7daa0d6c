/*
 * Claim: A POSIX shared memory object opened with O_RDONLY cannot be mapped MAP_SHARED with PROT_WRITE: mmap() fails with EACCES.
 * Source: Linux man-pages shm_open(3), O_RDONLY: "A shared memory object opened in this way can be mmap(2)ed only for read (PROT_READ) access."
 * Source: Linux man-pages mmap(2), ERRORS: "EACCES ... Or MAP_SHARED was requested and PROT_WRITE is set, but fd is not open in read/write (O_RDWR) mode."
 * Source: POSIX.1-2017 mmap(), ERRORS: [EACCES] "The fildes argument is not open for read, regardless of the protection specified, or fildes is not open for write and PROT_WRITE was specified for a MAP_SHARED type mapping."
 * Covers: mmap(2) EACCES
 * Tags: shm mmap errno shared
 */
#include "mmapcheck.h"

int main(void)
{
	char name[MC_SHM_NAME_MAX];
	int fd, ro;
	size_t pg;

	mc_begin();
	pg = mc_page_size();
	fd = mc_shm_create(name, "rdonly");
	ro = (int)shm_open(name, O_RDONLY, 0);
	shm_unlink(name);
	if (ro == -1)
		mc_broken("shm_open(O_RDONLY) of the new object failed: %s", mc_errno_name(errno));
	SAFE(ftruncate(fd, (off_t)pg));

	MC_EXPECT_MAP_ERRNO(mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED, ro, 0), EACCES);
	return mc_finish();
}

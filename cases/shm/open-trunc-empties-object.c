/*
 * Claim: shm_open() with O_TRUNC of an existing object truncates it to length zero.
 * Source: Linux man-pages shm_open(3), O_TRUNC: "If the shared memory object already exists, truncate it to zero bytes."
 * Source: POSIX.1-2017 shm_open(), O_TRUNC: "If the shared memory object exists, and it is successfully opened O_RDWR, the object shall be truncated to zero length"
 * Tags: shm
 * Requires: linux
 * Claim-call: shm_open
 */
#include "mmapcheck.h"

int main(void)
{
	char name[MC_SHM_NAME_MAX];
	struct stat before, after;
	int fd, again;

	mc_begin();
	fd = mc_shm_create(name, "trunc");
	SAFE(ftruncate(fd, (off_t)(2 * mc_page_size())));
	SAFE(fstat(fd, &before));	/* evidence the object has a length to lose */
	if (before.st_size != (off_t)(2 * mc_page_size()))
		mc_broken("ftruncate() to two pages left the object at %lld bytes", (long long)before.st_size);
	again = shm_open(name, O_RDWR | O_TRUNC, 0);
	SAFE(shm_unlink(name));
	if (again == -1)
		mc_broken("shm_open(existing name, O_RDWR | O_TRUNC) failed: %s", mc_errno_name(errno));
	SAFE(fstat(fd, &after));	/* through the first descriptor: the same object */
	SAFE(close(again));
	SAFE(close(fd));
	mc_observe("size", "%lld", (long long)after.st_size);
	mc_check(after.st_size == 0, "after O_TRUNC the object is %lld bytes, expected 0", (long long)after.st_size);
	return mc_finish();
}

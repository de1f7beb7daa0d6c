/*
 * Claim: A shared memory object newly created by shm_open() with O_CREAT has length zero.
 * Source: Linux man-pages shm_open(3), O_CREAT: "A new shared memory object initially has zero length"
 * Tags: shm
 * Requires: linux
 * Claim-call: shm_open
 */
#include "mmapcheck.h"

int main(void)
{
	char name[MC_SHM_NAME_MAX];
	struct stat st;
	int fd;

	mc_begin();
	fd = mc_shm_create(name, "zero");	/* O_CREAT | O_EXCL: a new object */
	SAFE(shm_unlink(name));
	SAFE(fstat(fd, &st));
	SAFE(close(fd));
	mc_observe("size", "%lld", (long long)st.st_size);
	mc_check(st.st_size == 0, "a new object is %lld bytes long, expected 0", (long long)st.st_size);
	return mc_finish();
}

/*
 * Claim: shm_open() with O_CREAT | O_EXCL of a name that already exists fails with EEXIST.
 * Source: Linux man-pages shm_open(3), ERRORS: "EEXIST Both O_CREAT and O_EXCL were specified to shm_open() and the shared memory object specified by name already exists."
 * Source: POSIX.1-2017 shm_open(), O_EXCL: "If O_EXCL and O_CREAT are set, shm_open() fails if the shared memory object exists."
 * Covers: shm_open(3) EEXIST
 * Tags: shm errno
 * Requires: linux
 * Claim-call: shm_open
 */
#include "mmapcheck.h"

int main(void)
{
	char name[MC_SHM_NAME_MAX];
	int fd, again, err;

	mc_begin();
	fd = mc_shm_create(name, "excl");
	again = shm_open(name, O_RDWR | O_CREAT | O_EXCL, 0600);
	err = again == -1 ? errno : 0;
	if (again != -1)
		close(again);
	SAFE(shm_unlink(name));
	SAFE(close(fd));
	mc_expect_errno(err, EEXIST, "shm_open(existing name, O_RDWR | O_CREAT | O_EXCL)");
	return mc_finish();
}

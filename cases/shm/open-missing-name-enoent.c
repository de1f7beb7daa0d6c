/*
 * Claim: shm_open() without O_CREAT of a name that does not exist (it was unlinked) fails with ENOENT.
 * Source: Linux man-pages shm_open(3), ERRORS: "ENOENT An attempt was made to shm_open() a name that did not exist, and O_CREAT was not specified."
 * Source: POSIX.1-2017 shm_open(), ERRORS: "[ENOENT] O_CREAT is not set and the named shared memory object does not exist."
 * Covers: shm_open(3) ENOENT "O_CREAT was not specified"
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
	fd = mc_shm_create(name, "enoent");
	SAFE(close(fd));
	/* Control: the name opens while it exists, so the refusal below is about its absence. */
	SAFE(close((int)SAFE(shm_open(name, O_RDWR, 0))));
	SAFE(shm_unlink(name));
	again = shm_open(name, O_RDWR, 0600);
	err = again == -1 ? errno : 0;
	if (again != -1) {
		close(again);
		shm_unlink(name);
	}
	mc_expect_errno(err, ENOENT, "shm_open(unlinked name, O_RDWR)");
	return mc_finish();
}

/*
 * Claim: shm_unlink() of a name that does not exist (it was already unlinked) fails with ENOENT.
 * Source: Linux man-pages shm_open(3), ERRORS: "ENOENT An attempt was to made to shm_unlink() a name that does not exist."
 * Source: POSIX.1-2017 shm_unlink(), ERRORS: "[ENOENT] The named shared memory object does not exist."
 * Covers: shm_open(3) ENOENT "shm_unlink"
 * Tags: shm errno
 * Requires: linux
 * Claim-call: shm_unlink
 */
#include "mmapcheck.h"

int main(void)
{
	char name[MC_SHM_NAME_MAX];
	int fd, gone, err;

	mc_begin();
	fd = mc_shm_create(name, "unlnk");
	SAFE(close(fd));
	SAFE(shm_unlink(name));
	/* Evidence that the first shm_unlink() acted: the name no longer opens. */
	gone = shm_open(name, O_RDONLY, 0);
	err = gone == -1 ? errno : 0;
	if (gone != -1)
		close(gone);
	mc_observe("reopen", "%s", err ? mc_errno_name(err) : "opened");
	if (gone != -1 || err != ENOENT)
		mc_broken("the first shm_unlink() left the name: shm_open() %s", err ? mc_errno_name(err) : "opened it");
	MC_EXPECT_ERRNO(shm_unlink(name), ENOENT);
	return mc_finish();
}

/*
 * Claim: shm_open() with O_CREAT gives a new object the permission bits of mode less those set in the umask.
 * Source: Linux man-pages shm_open(3), O_CREAT: "the object's permission bits are set according to the low-order 9 bits of mode, except that those bits set in the process file mode creation mask (see umask(2)) are cleared for the new object."
 * Source: POSIX.1-2017 shm_open(), O_CREAT: "the permission bits of the shared memory object shall be set to the value of the mode argument except those set in the file mode creation mask of the process."
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
	/* An unguessable name that is free: made, then unlinked, then made again here. */
	fd = mc_shm_create(name, "mode");
	SAFE(shm_unlink(name));
	SAFE(close(fd));
	umask(027);
	fd = shm_open(name, O_RDWR | O_CREAT | O_EXCL, 0666);
	if (fd == -1)
		mc_broken("shm_open(free name, O_CREAT | O_EXCL, 0666) failed: %s", mc_errno_name(errno));
	SAFE(shm_unlink(name));
	SAFE(fstat(fd, &st));
	SAFE(close(fd));
	mc_observe("mode", "%03o", (unsigned)(st.st_mode & 0777));
	mc_check((st.st_mode & 0777) == 0640, "mode 0666 under umask 027 gave %03o, expected 640",
		 (unsigned)(st.st_mode & 0777));
	return mc_finish();
}

/*
 * Claim: shm_unlink() by another user (no capabilities) of an object in the sticky /dev/shm fails with EACCES, and the name stays.
 * Source: Linux man-pages shm_open(3), ERRORS: "EACCES Permission to shm_unlink() the shared memory object was denied."
 * Source: Linux man-pages unlink(2), ERRORS: "EPERM or EACCES The directory containing pathname has the sticky bit (S_ISVTX) set and the process's effective UID is neither the UID of the file to be deleted nor that of the directory containing it, and the process is not privileged"
 * Covers: shm_open(3) EACCES "shm_unlink"
 * Tags: shm errno privileges
 * Requires: linux
 * Claim-call: shm_unlink
 */
#define _DEFAULT_SOURCE	/* setgroups, S_ISVTX */
#include "mmapcheck.h"
#include <grp.h>

#define OTHER_ID 65534	/* nobody */

/* In a child that became another user, with no capability left. */
static int unlink_as_other(void *name)
{
	if (setgroups(0, NULL) == -1 || setgid(OTHER_ID) == -1 || setuid(OTHER_ID) == -1)
		return -1;
	return shm_unlink(name) == -1 ? errno : 0;
}

int main(void)
{
	char name[MC_SHM_NAME_MAX];
	struct mc_status st;
	struct stat dir;
	int fd, still;

	mc_begin();
	if (stat("/dev/shm", &dir) == -1 || !(dir.st_mode & S_ISVTX))
		mc_skip("/dev/shm is missing or not sticky: the claim is about the sticky directory Linux mounts there");
	if (geteuid() == OTHER_ID)
		mc_skip("this process already runs as uid %d (nobody), the user the case unlinks as: no second user to "
			"unlink the object as", OTHER_ID);
	fd = mc_shm_create(name, "unlnk");
	SAFE(close(fd));
	st = mc_probe(unlink_as_other, name);
	still = shm_open(name, O_RDONLY, 0);	/* evidence the refused call left the name */
	if (still != -1)
		SAFE(close(still));
	SAFE(shm_unlink(name));
	if (st.signo)
		mc_broken("the probe child died of %s", mc_signal_name(st.signo));
	if (st.value == -1)
		mc_skip("cannot become uid %d (setuid: not privileged, or the uid is not mapped in this user namespace)",
			OTHER_ID);
	mc_expect_errno(st.value, EACCES, "shm_unlink() of another user's object");
	mc_check(still != -1, "the name is gone after the refused shm_unlink()");
	return mc_finish();
}

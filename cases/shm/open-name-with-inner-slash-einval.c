/*
 * Claim: shm_open() of a name with a slash after its first character fails with EINVAL.
 * Source: Linux man-pages shm_open(3), DESCRIPTION: "For portable use, a shared memory object should be identified by a name of the form /somename; that is, a null-terminated string of up to NAME_MAX (i.e., 255) characters consisting of an initial slash, followed by one or more characters, none of which are slashes."
 * Source: Linux man-pages shm_open(3), ERRORS: "EINVAL The name argument to shm_open() was invalid."
 * Covers: shm_open(3) EINVAL
 * Tags: shm errno
 * Requires: linux
 * Claim-call: shm_open
 */
#include "mmapcheck.h"

int main(void)
{
	char name[MC_SHM_NAME_MAX], inner[MC_SHM_NAME_MAX + 8];
	int fd, bad, err;

	mc_begin();
	/* An unguessable existing name, then the same name with "/x" appended: a
	 * path below the object, which no implementation may create or open. */
	fd = mc_shm_create(name, "slash");
	snprintf(inner, sizeof(inner), "%s/x", name);
	bad = shm_open(inner, O_RDWR | O_CREAT, 0600);
	err = bad == -1 ? errno : 0;
	if (bad != -1) {
		close(bad);
		shm_unlink(inner);
	}
	SAFE(shm_unlink(name));
	SAFE(close(fd));
	mc_expect_errno(err, EINVAL, "shm_open(\"/name/x\", O_RDWR | O_CREAT)");
	return mc_finish();
}

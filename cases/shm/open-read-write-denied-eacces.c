/*
 * Claim: shm_open() with O_RDWR of an object whose mode grants its owner only read fails with EACCES for a process without CAP_DAC_OVERRIDE.
 * Source: Linux man-pages shm_open(3), ERRORS: "EACCES Permission was denied to shm_open() name in the specified mode"
 * Source: Linux man-pages capabilities(7), CAP_DAC_OVERRIDE: "Bypass file read, write, and execute permission checks."
 * Covers: shm_open(3) EACCES "in the specified mode"
 * Tags: shm errno privileges
 * Requires: linux
 * Claim-call: shm_open
 */
#include "mmapcheck.h"

#define CAP_DAC_OVERRIDE_ 1	/* linux/capability.h */

/* In a child that gave up the capability root would bypass the mode with. */
static int open_without_override(void *name)
{
	int fd;

	if (shm_open(name, O_RDONLY, 0) == -1)	/* control: the mode's read bit is honoured */
		_exit(MC_CHILD_BROKEN);
	mc_drop_capability(CAP_DAC_OVERRIDE_);
	fd = shm_open(name, O_RDWR, 0);
	return fd == -1 ? errno : 0;
}

int main(void)
{
	char name[MC_SHM_NAME_MAX];
	struct mc_status st;
	int fd;

	mc_begin();
	fd = mc_shm_create(name, "eacces");
	SAFE(fchmod(fd, 0400));
	SAFE(close(fd));
	st = mc_probe(open_without_override, name);
	SAFE(shm_unlink(name));
	if (st.signo)
		mc_broken("the probe child died of %s", mc_signal_name(st.signo));
	mc_expect_errno(st.value, EACCES, "shm_open(O_RDWR) of a mode 0400 object without CAP_DAC_OVERRIDE");
	return mc_finish();
}

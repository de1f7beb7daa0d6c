/*
 * Claim: shm_open() with O_RDONLY | O_TRUNC of an object whose mode denies its owner write fails with EACCES for a process without CAP_DAC_OVERRIDE, and the object keeps its length.
 * Source: Linux man-pages shm_open(3), ERRORS: "EACCES ... or O_TRUNC was specified and the caller does not have write permission on the object."
 * Source: Linux man-pages capabilities(7), CAP_DAC_OVERRIDE: "Bypass file read, write, and execute permission checks."
 * Covers: shm_open(3) EACCES "O_TRUNC was specified"
 * Tags: shm errno privileges
 * Requires: linux
 * Claim-call: shm_open
 */
#include "mmapcheck.h"

#define CAP_DAC_OVERRIDE_ 1	/* linux/capability.h */

/* In a child that gave up the capability root would bypass the mode with. */
static int truncate_without_write(void *name)
{
	int fd;

	mc_drop_capability(CAP_DAC_OVERRIDE_);
	fd = shm_open(name, O_RDONLY | O_TRUNC, 0);
	return fd == -1 ? errno : 0;
}

int main(void)
{
	char name[MC_SHM_NAME_MAX];
	struct mc_status st;
	struct stat after;
	int fd;

	mc_begin();
	fd = mc_shm_create(name, "trunca");
	SAFE(ftruncate(fd, (off_t)mc_page_size()));
	SAFE(fchmod(fd, 0400));
	st = mc_probe(truncate_without_write, name);
	SAFE(shm_unlink(name));
	SAFE(fstat(fd, &after));
	SAFE(close(fd));
	if (st.signo)
		mc_broken("the probe child died of %s", mc_signal_name(st.signo));
	mc_observe("size", "%lld", (long long)after.st_size);
	mc_expect_errno(st.value, EACCES, "shm_open(O_RDONLY | O_TRUNC) of a mode 0400 object without CAP_DAC_OVERRIDE");
	mc_check(after.st_size == (off_t)mc_page_size(), "the refused O_TRUNC left the object at %lld bytes",
		 (long long)after.st_size);
	return mc_finish();
}

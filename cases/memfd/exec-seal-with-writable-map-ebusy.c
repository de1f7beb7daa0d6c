/*
 * Claim: fcntl(F_ADD_SEALS, F_SEAL_EXEC) on an executable memfd fails with EBUSY while a MAP_SHARED PROT_WRITE mapping of it exists, since the F_SEAL_WRITE it implies cannot be added then; no seal is added.
 * Source: Linux man-pages F_ADD_SEALS(2const), F_SEAL_EXEC: "Adding this seal implicitly adds F_SEAL_GROW, F_SEAL_SHRINK, F_SEAL_WRITE, and F_SEAL_FUTURE_WRITE. [...] All the pre-requisites to add the implied seals must be met to successfully add F_SEAL_EXEC."
 * Source: Linux man-pages fcntl(2), ERRORS: "EBUSY cmd is F_ADD_SEALS, arg includes F_SEAL_WRITE, and there exists a writable, shared mapping on the file referred to by fd."
 * Tags: memfd errno shared extension
 * Requires: linux
 */
#define _GNU_SOURCE	/* F_ADD_SEALS, MFD_ALLOW_SEALING */
#include "mmapcheck.h"

int main(void)
{
#if defined(__linux__) && defined(MFD_ALLOW_SEALING) && defined(F_ADD_SEALS)
	size_t pg;
	long seals;
	char *p;
	int fd;

	mc_begin();
	pg = mc_page_size();
	if (mc_setting_number("/proc/sys/vm/memfd_noexec") >= 2)
		mc_skip("vm.memfd_noexec=2 here: MFD_EXEC is refused, and a file made without it is sealed against exec from the start");
	fd = memfd_create("mmapcheck", MFD_EXEC | MFD_ALLOW_SEALING);
	if (fd == -1 && errno == EINVAL)
		mc_skip("memfd_create(MFD_EXEC) fails with EINVAL: MFD_EXEC and F_SEAL_EXEC are Linux 6.3 and later");
	if (fd == -1)
		mc_broken("memfd_create(MFD_EXEC | MFD_ALLOW_SEALING) failed: %s", mc_errno_name(errno));
	SAFE(ftruncate(fd, (off_t)pg));
	p = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	p[0] = 'w';

	MC_EXPECT_ERRNO(fcntl(fd, F_ADD_SEALS, F_SEAL_EXEC), EBUSY);
	seals = SAFE(fcntl(fd, F_GET_SEALS));
	mc_observe("seals", "0x%lx", seals);
	mc_check(seals == 0, "the seals are 0x%lx after the refused call", seals);
	return mc_finish();
#else
	mc_begin();
	mc_skip("memfd_create() sealing is not defined on this platform (F_SEAL_EXEC is Linux 6.3 and later)");
#endif
}

/*
 * Claim: memfd_secret() with FD_CLOEXEC, the flag its manual names, succeeds and returns a descriptor with FD_CLOEXEC set.
 * Source: Linux man-pages 6.20 memfd_secret(2): "The following values may be bitwise ORed in flags to control the behavior of memfd_secret(): FD_CLOEXEC Set the close-on-exec flag on the new file descriptor"
 * Claim-call: memfd_secret
 * Tags: secretmem extension
 * Requires: linux
 * Not-mutated: Linux refuses FD_CLOEXEC with EINVAL (expected/linux), so no injected bug can turn this case from pass to fail on this kernel
 */
#include "mmapcheck.h"

int main(void)
{
#ifdef __linux__
	int fd, e, fl;

	mc_begin();
	fd = (int)mc_memfd_secret(0);
	if (fd == -1 && errno == ENOSYS)
		mc_skip("memfd_secret() answers ENOSYS: not provided here (it is Linux 5.14 and later, where the architecture wires it and secretmem.enable is not 0, off by default before 6.5; an emulator or sandbox may lack it)");
	if (fd == -1)
		mc_broken("memfd_secret(0) failed: %s", mc_errno_name(errno));

	fd = (int)mc_memfd_secret(FD_CLOEXEC);
	e = fd == -1 ? errno : 0;
	mc_observe("errno", "%s", mc_errno_name(e));
	if (!mc_check(fd != -1, "memfd_secret(FD_CLOEXEC) failed with %s", mc_errno_name(e)))
		return mc_finish();
	fl = (int)SAFE(fcntl(fd, F_GETFD));
	mc_observe("fd_flags", "0x%x", fl);
	mc_check(fl & FD_CLOEXEC, "memfd_secret(FD_CLOEXEC) gave FD_CLOEXEC clear (0x%x)", fl);
	return mc_finish();
#else
	mc_begin();
	mc_skip("memfd_secret() is a Linux call");
#endif
}

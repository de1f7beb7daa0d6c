/*
 * Claim: memfd_secret() with O_CLOEXEC returns a descriptor with FD_CLOEXEC set, and with flags 0 one with FD_CLOEXEC clear.
 * Source: Linux man-pages memfd_secret(2): "Set the close-on-exec flag on the new file descriptor, which causes the region to be removed from the process on execve(2). See the description of the O_CLOEXEC flag in open(2)"
 * Source: Linux mm/secretmem.c, memfd_secret(): the flags it accepts are O_CLOEXEC alone (see expected/linux for the man page's spelling FD_CLOEXEC)
 * Claim-call: memfd_secret
 * Tags: secretmem extension
 * Requires: linux
 */
#include "mmapcheck.h"

int main(void)
{
#ifdef __linux__
	int with, without, fl_with, fl_without;

	mc_begin();
	without = (int)mc_memfd_secret(0);
	if (without == -1 && errno == ENOSYS)
		mc_skip("memfd_secret() answers ENOSYS: not provided here (it is Linux 5.14 and later, where the architecture wires it and secretmem.enable is not 0, off by default before 6.5; an emulator or sandbox may lack it)");
	if (without == -1)
		mc_broken("memfd_secret(0) failed: %s", mc_errno_name(errno));
	with = (int)SAFE(mc_memfd_secret(O_CLOEXEC));
	fl_with = (int)SAFE(fcntl(with, F_GETFD));
	fl_without = (int)SAFE(fcntl(without, F_GETFD));
	mc_observe("fd_flags", "0x%x", fl_with);
	mc_observe("fd_flags_without", "0x%x", fl_without);
	mc_check(!(fl_without & FD_CLOEXEC), "memfd_secret(0) gave FD_CLOEXEC set (0x%x)", fl_without);
	mc_check(fl_with & FD_CLOEXEC, "memfd_secret(O_CLOEXEC) gave FD_CLOEXEC clear (0x%x)", fl_with);
	return mc_finish();
#else
	mc_begin();
	mc_skip("memfd_secret() is a Linux call");
#endif
}

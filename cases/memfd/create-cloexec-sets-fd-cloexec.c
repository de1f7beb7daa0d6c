/*
 * Claim: memfd_create() with MFD_CLOEXEC returns a descriptor with FD_CLOEXEC set, and without it one with FD_CLOEXEC clear.
 * Source: Linux man-pages memfd_create(2), MFD_CLOEXEC: "Set the close-on-exec (FD_CLOEXEC) flag on the new file descriptor."
 * Source: Linux man-pages memfd_create(2): "The file descriptor is preserved across execve(2), unless the close-on-exec flag has been set."
 * Tags: memfd extension
 * Requires: linux
 */
#define _GNU_SOURCE	/* MFD_CLOEXEC */
#include "mmapcheck.h"

int main(void)
{
#if defined(MFD_CLOEXEC)
	int with, without, fl_with, fl_without;

	mc_begin();
	with = (int)SAFE(memfd_create("mmapcheck", MFD_CLOEXEC));
	without = (int)SAFE(memfd_create("mmapcheck", 0));
	fl_with = (int)SAFE(fcntl(with, F_GETFD));
	fl_without = (int)SAFE(fcntl(without, F_GETFD));
	mc_observe("fd_flags", "0x%x", fl_with);
	mc_observe("fd_flags_without", "0x%x", fl_without);
	/* The control: the flag comes from MFD_CLOEXEC, not from every descriptor. */
	mc_check(!(fl_without & FD_CLOEXEC), "memfd_create(name, 0) gave FD_CLOEXEC set (0x%x)", fl_without);
	mc_check(fl_with & FD_CLOEXEC, "memfd_create(name, MFD_CLOEXEC) gave FD_CLOEXEC clear (0x%x)", fl_with);
	return mc_finish();
#else
	mc_begin();
	mc_skip("memfd_create() is not defined on this platform");
#endif
}

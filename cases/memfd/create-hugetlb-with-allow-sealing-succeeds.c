/*
 * Claim: memfd_create() with both MFD_HUGETLB and MFD_ALLOW_SEALING succeeds and makes a file whose seals start empty.
 * Source: Linux man-pages memfd_create(2), MFD_HUGETLB: "Specifying both MFD_HUGETLB and MFD_ALLOW_SEALING in flags is supported since Linux 4.16."
 * Source: Linux man-pages memfd_create(2), ERRORS: "EINVAL Both MFD_HUGETLB and MFD_ALLOW_SEALING were specified in flags." (before Linux 4.16)
 * Covers: memfd_create(2) EINVAL "Both MFD_HUGETLB"
 * Tags: memfd hugetlb extension
 * Requires: linux
 */
#define _GNU_SOURCE	/* F_GET_SEALS, MFD_HUGETLB */
#include "mmapcheck.h"

int main(void)
{
#if defined(MFD_HUGETLB) && defined(F_GET_SEALS)
	long seals, preset;
	int fd;

	mc_begin();
	/* The control: hugetlb memfds exist here at all. */
	fd = memfd_create("mmapcheck", MFD_HUGETLB);
	if (fd == -1)
		mc_skip("memfd_create(MFD_HUGETLB) fails without MFD_ALLOW_SEALING too: %s (no hugetlbfs here)",
			mc_errno_name(errno));
	SAFE(close(fd));

	fd = memfd_create("mmapcheck", MFD_HUGETLB | MFD_ALLOW_SEALING);
	mc_observe("errno", "%s", fd == -1 ? mc_errno_name(errno) : "0");
	if (!mc_check(fd != -1, "memfd_create(MFD_HUGETLB | MFD_ALLOW_SEALING) failed with %s", mc_errno_name(errno)))
		return mc_finish();
	seals = SAFE(fcntl(fd, F_GET_SEALS));
	mc_observe("seals", "0x%lx", seals);
	/* vm.memfd_noexec 1 or 2 (Linux 6.3 and later) starts a file without MFD_EXEC with F_SEAL_EXEC. */
	preset = mc_setting_number("/proc/sys/vm/memfd_noexec") >= 1 ? 0x20 : 0;
	mc_check((seals & ~preset) == 0, "the hugetlb memfd's initial seals are 0x%lx, not empty", seals);
	return mc_finish();
#else
	mc_begin();
	mc_skip("MFD_HUGETLB is not defined on this platform");
#endif
}

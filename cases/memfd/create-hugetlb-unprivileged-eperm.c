/*
 * Claim: memfd_create() with MFD_HUGETLB by a process without CAP_IPC_LOCK that is not in the vm.hugetlb_shm_group group fails with EPERM.
 * Source: Linux man-pages 6.20 memfd_create(2), ERRORS: "EPERM The MFD_HUGETLB flag was specified, but the caller was not privileged (did not have the CAP_IPC_LOCK capability) and is not a member of the hugetlb_shm_group group"
 * Covers: memfd_create(2) EPERM "MFD_HUGETLB"
 * Tags: memfd errno hugetlb privileges procfs extension
 * Requires: linux
 * Not-mutated: Linux does not refuse MFD_HUGETLB for lack of privilege, so the case fails here (expected/linux) and no mutant can turn a pass into a fail
 */
#define _GNU_SOURCE	/* MFD_HUGETLB */
#include "mmapcheck.h"

#ifdef MFD_HUGETLB
#include <grp.h>

/*
 * In the child: drop CAP_IPC_LOCK, leave the hugetlb group, then create.
 * Returns the errno (0: created), or -1 when the group cannot be left.
 */
static int create_unprivileged(void *arg)
{
	gid_t shm_group = *(gid_t *)arg, other = shm_group == 65534 ? 65533 : 65534, groups[256];
	int n = getgroups(ARRAY_SIZE(groups), groups), member = n < 0, i;

	mc_drop_lock_privilege();
	for (i = 0; i < n; i++)
		member |= groups[i] == shm_group;
	if (member || getegid() == shm_group || getgid() == shm_group) {
		if (setgroups(0, NULL) != 0 || setgid(other) != 0)
			return -1;
	}
	return memfd_create("mmapcheck", MFD_HUGETLB) == -1 ? errno : 0;
}

int main(void)
{
	struct mc_status st;
	long long group;
	gid_t shm_group;
	int fd;

	mc_begin();
	if ((group = mc_setting_number("/proc/sys/vm/hugetlb_shm_group")) < 0)
		mc_skip("no hugetlb support here (vm.hugetlb_shm_group missing)");
	/* The control: this kernel makes hugetlb memfds for a privileged caller. */
	fd = memfd_create("mmapcheck", MFD_HUGETLB);
	if (fd == -1)
		mc_skip("memfd_create(MFD_HUGETLB) fails even for this process: %s (no hugetlbfs here)", mc_errno_name(errno));
	SAFE(close(fd));
	shm_group = (gid_t)group;
	mc_observe("hugetlb_shm_group", "%lld", group);

	st = mc_probe(create_unprivileged, &shm_group);
	if (st.signo)
		mc_broken("probe child killed by %s", mc_signal_name(st.signo));
	if (st.value == -1)
		mc_skip("cannot leave group %lld (vm.hugetlb_shm_group) without CAP_SETGID", group);
	mc_expect_errno(st.value, EPERM, "unprivileged memfd_create(MFD_HUGETLB)");
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MFD_HUGETLB is not defined on this platform");
}
#endif

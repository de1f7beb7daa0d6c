/*
 * Claim: mmap() with MAP_HUGETLB by a process without CAP_IPC_LOCK that is not in the vm.hugetlb_shm_group group fails with EPERM.
 * Source: Linux man-pages mmap(2), ERRORS: "EPERM The MAP_HUGETLB flag was specified, but the caller was not privileged (did not have the CAP_IPC_LOCK capability) and is not a member of the sysctl_hugetlb_shm_group group"
 * Source: Linux man-pages proc(5), /proc/sys/vm/hugetlb_shm_group: the group ID allowed to create System V shared memory segments using huge pages
 * Covers: mmap(2) EPERM "MAP_HUGETLB"
 * Tags: mmap errno hugetlb anonymous private privileges procfs extension
 * Requires: linux
 * Not-mutated: Linux does not refuse MAP_HUGETLB for lack of privilege, so the case fails here (expected/linux) and no mutant can turn a pass into a fail
 */
#define _DEFAULT_SOURCE	/* MAP_HUGETLB */
#include "mmapcheck.h"

#ifdef MAP_HUGETLB
#include <grp.h>

static size_t hps;

/*
 * In the child: drop CAP_IPC_LOCK, leave the hugetlb group, then map.
 * Returns the errno (0: mapped), or -1 when the group cannot be left.
 */
static int map_unprivileged(void *arg)
{
	gid_t shm_group = *(gid_t *)arg, other = shm_group == 65534 ? 65533 : 65534, groups[256];
	int n = getgroups(ARRAY_SIZE(groups), groups), member = n < 0, i;
	void *p;

	mc_drop_lock_privilege();
	for (i = 0; i < n; i++)
		member |= groups[i] == shm_group;
	if (member || getegid() == shm_group || getgid() == shm_group) {
		if (setgroups(0, NULL) != 0 || setgid(other) != 0)
			return -1;
	}
	p = mmap(NULL, hps, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB, -1, 0);
	return p == MAP_FAILED ? errno : 0;
}

int main(void)
{
	long long size_kb, group;
	struct mc_status st;
	gid_t shm_group;

	mc_begin();
	size_kb = mc_proc_number("/proc/meminfo", "Hugepagesize");
	if (size_kb <= 0 || (group = mc_setting_number("/proc/sys/vm/hugetlb_shm_group")) < 0)
		mc_skip("no hugetlb support here (Hugepagesize or vm.hugetlb_shm_group missing)");
	hps = (size_t)size_kb * 1024;
	shm_group = (gid_t)group;
	mc_observe("hugetlb_shm_group", "%lld", group);
	/* With a free huge page the refusal cannot be mistaken for an empty pool (ENOMEM). */
	mc_lock_setting("/proc/sys/vm/nr_hugepages");
	if (mc_proc_number("/proc/meminfo", "HugePages_Free") - mc_proc_number("/proc/meminfo", "HugePages_Rsvd") < 1) {
		char more[32];

		snprintf(more, sizeof(more), "%lld", mc_proc_number("/proc/meminfo", "HugePages_Total") + 1);
		if (mc_change_setting("/proc/sys/vm/nr_hugepages", more) != 0)
			mc_note("no free huge page reserved: a kernel that does not refuse may report ENOMEM");
	}
	mc_observe("free_huge_pages", "%lld", mc_proc_number("/proc/meminfo", "HugePages_Free"));

	st = mc_probe(map_unprivileged, &shm_group);
	if (st.signo)
		mc_broken("probe child killed by %s", mc_signal_name(st.signo));
	if (st.value == -1)
		mc_skip("cannot leave group %lld (vm.hugetlb_shm_group) without CAP_SETGID", group);
	mc_expect_errno(st.value, EPERM, "unprivileged mmap(MAP_HUGETLB)");
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MAP_HUGETLB is not defined on this platform");
}
#endif

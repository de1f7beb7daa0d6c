/*
 * Claim: For a process without CAP_SYS_RAWIO, mmap() with MAP_FIXED at address 0, below a non-zero vm.mmap_min_addr, fails with EPERM.
 * Source: Linux Documentation/admin-guide/sysctl/vm.rst, mmap_min_addr: "This file indicates the amount of address space which a user process will be restricted from mmapping."
 * Source: Linux security/commoncap.c, cap_mmap_addr(): an addr below dac_mmap_min_addr needs CAP_SYS_RAWIO (in the initial user namespace), else -EPERM
 * Tags: mmap errno anonymous privileges procfs
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"

#ifdef __linux__
/* In the child: give up CAP_SYS_RAWIO, then try page 0; the errno, or 0. */
static int map_page_zero(void *arg)
{
	void *p;

	(void)arg;
	mc_drop_capability(MC_CAP_SYS_RAWIO);
	p = mmap(NULL, mc_page_size(), PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	return p == MAP_FAILED ? errno : 0;
}

int main(void)
{
	long long min_addr;
	struct mc_status st;

	mc_begin();
	if ((min_addr = mc_setting_number("/proc/sys/vm/mmap_min_addr")) < 0)
		mc_skip("/proc/sys/vm/mmap_min_addr is not readable");
	mc_observe("mmap_min_addr", "%lld", min_addr);
	if (min_addr == 0)
		mc_skip("vm.mmap_min_addr is 0: no address is below it");

	st = mc_probe(map_page_zero, NULL);
	if (st.signo)
		mc_broken("probe child killed by %s", mc_signal_name(st.signo));
	mc_expect_errno(st.value, EPERM, "mmap(NULL, pg, PROT_READ, MAP_FIXED...) without CAP_SYS_RAWIO");
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("vm.mmap_min_addr is a Linux setting; elsewhere page 0 is governed by other policies");
}
#endif

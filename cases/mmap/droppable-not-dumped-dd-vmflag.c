/*
 * Claim: The area of a MAP_DROPPABLE mapping is excluded from core dumps: the VmFlags line of its area in /proc/self/smaps shows "dd".
 * Source: Linux commit 9651fcedf7b9 "mm: add MAP_DROPPABLE for designating always lazily freeable mappings" (Linux 6.11), and the VM_DROPPABLE commit of the same series: such memory "shouldn't be written to core dumps", done with VM_DONTDUMP
 * Source: Linux man-pages proc_pid_smaps(5) (6.20): VmFlags "dd do not include area into core dump"
 * Tags: mmap anonymous extension procfs
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"

#ifdef __linux__
int main(void)
{
	size_t pg;
	void *p, *control;
	int dd, control_dd;

	mc_begin();
	pg = mc_page_size();
	p = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_DROPPABLE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		mc_skip("mmap(MAP_DROPPABLE|MAP_ANONYMOUS) fails here (%s): Linux added MAP_DROPPABLE in 6.11, on 64-bit kernels",
			mc_errno_name(errno));
	control = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	dd = mc_smaps_has_flag(p, "dd");
	control_dd = mc_smaps_has_flag(control, "dd");	/* the flag is the mapping type's, not every area's */
	if (dd < 0 || control_dd < 0)
		mc_broken("no area containing the mappings in /proc/self/smaps (or no VmFlags line)");

	mc_observe("vmflags_dd", "%s", dd ? "yes" : "no");
	mc_observe("private_vmflags_dd", "%s", control_dd ? "yes" : "no");
	mc_check(control_dd == 0, "an ordinary private mapping shows \"dd\" as well: the flag says nothing here");
	mc_check(dd == 1, "VmFlags of the MAP_DROPPABLE area lacks \"dd\"");
	SAFE(munmap(p, pg));
	SAFE(munmap(control, pg));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MAP_DROPPABLE and /proc/self/smaps VmFlags are Linux interfaces; not a Linux build");
}
#endif

/*
 * Claim: A fork() child reads zero from a MAP_DROPPABLE mapping the parent had written, while the parent keeps its data: droppable memory is wiped on fork.
 * Source: Linux commit 9651fcedf7b9 "mm: add MAP_DROPPABLE for designating always lazily freeable mappings" (Linux 6.11), and the VM_DROPPABLE commit of the same series: such memory "should be zeroed on fork", done with VM_WIPEONFORK
 * Source: Linux mm/mmap.c do_mmap() (6.11 and later), case MAP_DROPPABLE: "vm_flags |= VM_DROPPABLE;" ... "vm_flags |= VM_WIPEONFORK | VM_DONTDUMP;"
 * Covers: MAP_DROPPABLE(kernel) WIPEONFORK
 * Tags: mmap anonymous fork extension
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"

#ifdef __linux__
int main(void)
{
	struct mc_status child;
	size_t pg;
	unsigned char *p;

	mc_begin();
	pg = mc_page_size();
	p = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_DROPPABLE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		mc_skip("mmap(MAP_DROPPABLE|MAP_ANONYMOUS) fails here (%s): Linux added MAP_DROPPABLE in 6.11, on 64-bit kernels",
			mc_errno_name(errno));
	memset(p, 0xa5, pg);

	child = mc_probe_read(p + pg / 2);	/* in a fork child */
	mc_observe_status(child);
	mc_observe("child_byte", "0x%02x", child.signo ? 0 : child.value);
	mc_observe("parent_byte", "0x%02x", p[pg / 2]);
	mc_check(child.signo == 0, "the child faults (%s) reading the mapping", mc_signal_name(child.signo));
	mc_check(child.signo || child.value == 0, "the child reads 0x%02x, the parent's data, not zero", child.value);
	mc_check(p[pg / 2] == 0xa5, "the parent lost its data");
	SAFE(munmap(p, pg));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MAP_DROPPABLE is a Linux interface; not a Linux build");
}
#endif

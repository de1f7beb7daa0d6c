/*
 * Claim: Unmapping a locked range with munmap() removes its lock: the process's locked memory (VmLck) falls back by the range's size.
 * Source: Linux man-pages mlock(2), NOTES: "The memory lock on an address range is automatically removed if the address range is unmapped via munmap(2)."
 * Tags: mlock munmap anonymous private privileges procfs
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"

int main(void)
{
	long long before, locked, after;
	size_t pg;
	char *p;

	mc_begin();
	pg = mc_page_size();
	/* Linux only; elsewhere no per-process locked size is reported. */
	before = mc_require_vmlck();
	mc_require_lock_room(1);
	p = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	SAFE(mlock(p, pg));
	locked = mc_proc_number("/proc/self/status", "VmLck");
	if (locked - before != (long long)(pg / 1024))
		mc_broken("mlock() of one page grew VmLck by %lld kB, not %zu", locked - before, pg / 1024);
	SAFE(munmap(p, pg));
	after = mc_proc_number("/proc/self/status", "VmLck");
	mc_observe("vmlck_kb", "%lld,%lld,%lld", before, locked, after);
	mc_check(after == before, "VmLck is %lld kB after munmap() of the locked page, %lld kB before mlock()",
		 after, before);
	return mc_finish();
}

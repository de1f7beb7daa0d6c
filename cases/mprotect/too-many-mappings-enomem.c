/*
 * Claim: When splitting one mapping by mprotect() of every other page would make the process's mappings exceed vm.max_map_count, that mprotect() fails with ENOMEM.
 * Source: Linux man-pages mprotect(2), ERRORS: "ENOMEM Changing the protection of a memory region would result in the total number of mappings with distinct attributes (e.g., read versus read/write protection) exceeding the allowed maximum."
 * Source: Linux Documentation/admin-guide/sysctl/vm.rst, max_map_count: "the maximum number of memory map areas a process may have"
 * Covers: mprotect(2) ENOMEM "total number of mappings"
 * Tags: mprotect errno anonymous private limits procfs
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS, MAP_NORESERVE */
#include "mmapcheck.h"

#ifndef MAP_NORESERVE
#define MAP_NORESERVE 0	/* FreeBSD dropped it; a PROT_NONE mapping reserves nothing anyway */
#endif

/* Lines of /proc/self/maps: one per mapping (plus [vsyscall] on x86-64), or -1. */
static long count_mappings(void)
{
	FILE *f = fopen("/proc/self/maps", "r");
	long n = 0;
	int c;

	if (!f)
		return -1;
	while ((c = getc(f)) != EOF)
		n += c == '\n';
	fclose(f);
	return n;
}

int main(void)
{
	long limit, before, reached, calls = 0;
	size_t pg, npages, i;
	int err = 0;
	char *p;

	mc_begin();
	/* The limit is Linux's sysctl; other systems have no per-process mapping count. */
	if ((limit = (long)mc_setting_number("/proc/sys/vm/max_map_count")) < 0)
		mc_skip("no /proc/sys/vm/max_map_count here");
	if (limit <= 0 || limit > 1L << 20)
		mc_skip("vm.max_map_count is %ld: too large to reach quickly", limit);
	pg = mc_page_size();
	before = SAFE(count_mappings());
	/* PROT_NONE and PROT_READ only: nothing is committed or touched. */
	npages = 2 * (size_t)limit + 8;
	mc_require_limit_room(RLIMIT_AS, "RLIMIT_AS", "VmSize", npages * pg);
	p = SAFE_MMAP(NULL, npages * pg, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	/* Each call on every other page cuts a read-only page out of the PROT_NONE rest: +2 mappings. */
	for (i = 1; i + 1 < npages; i += 2, calls++)
		if (mprotect(p + i * pg, pg, PROT_READ) == -1) {
			err = errno;
			break;
		}
	/* The mapping itself, then two more per successful call (reading 65k lines of maps is slow). */
	reached = before + 1 + 2 * calls;
	SAFE(munmap(p, npages * pg));

	mc_observe("errno", "%s", mc_errno_name(err));
	mc_observe("max_map_count", "%ld", limit);
	mc_note("%ld mappings before, %ld after %ld splitting calls", before, reached, calls);
	mc_check(err == ENOMEM, "after %ld splitting calls: %s, expected ENOMEM", calls,
		 err ? mc_errno_name(err) : "every call succeeded");
	/* It failed at the limit, not before: within a few mappings of it. */
	mc_check(reached >= limit - 4, "failed after reaching %ld mappings, limit %ld", reached, limit);
	return mc_finish();
}

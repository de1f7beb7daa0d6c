/*
 * Claim: mremap() with MREMAP_DONTUNMAP fails with ENOMEM when the process already has as many mappings as vm.max_map_count allows.
 * Source: Linux man-pages mremap(2), ERRORS: ENOMEM "MREMAP_DONTUNMAP was used causing a new mapping to be created that ... would exceed the maximum number of allowed mappings."
 * Source: Linux kernel Documentation/admin-guide/sysctl/vm.rst, max_map_count: "the maximum number of memory map areas a process may have"
 * Covers: mremap(2) ENOMEM
 * Tags: mremap errno anonymous private limits procfs extension
 * Requires: linux
 */
#define _GNU_SOURCE	/* MREMAP_DONTUNMAP */
#include "mmapcheck.h"

#if defined(__linux__) && defined(MREMAP_DONTUNMAP)
/* Beyond this many areas the fill would take more than about half a second. */
#define MAX_FILL 262144L

/*
 * In a child: one page to move, then a PROT_NONE range split into one area per
 * page (every other page PROT_READ) until the kernel refuses another area.
 */
static int dontunmap_errno(void *arg)
{
	long i, n = *(long *)arg + 16;
	size_t pg = mc_page_size();
	char *p, *r;

	p = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	p[0] = 'a';
	r = SAFE_MMAP(NULL, (size_t)n * pg, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	for (i = 1; i < n; i += 2)
		if (mprotect(r + (size_t)i * pg, pg, PROT_READ) != 0)
			break;
	if (i >= n || errno != ENOMEM)
		return -1;	/* the limit was never reached */
	/* Linux reads new_address as a hint with MREMAP_DONTUNMAP: pass NULL, not garbage. */
	if (mremap(p, pg, pg, MREMAP_MAYMOVE | MREMAP_DONTUNMAP, NULL) == MAP_FAILED)
		return errno;
	return 0;
}

int main(void)
{
	struct mc_status st;
	long max;

	mc_begin();
	/* Elsewhere there is no such limit; a /proc-less Linux cannot tell it. */
	if ((max = (long)mc_setting_number("/proc/sys/vm/max_map_count")) < 0)
		mc_skip("/proc/sys/vm/max_map_count is not readable here");
	if (max > MAX_FILL)
		mc_skip("vm.max_map_count is %ld: filling it would take too long", max);
	mc_observe("max_map_count", "%ld", max);
	st = mc_probe(dontunmap_errno, &max);
	if (st.signo)
		mc_broken("child killed by %s", mc_signal_name(st.signo));
	if (st.value == -1)
		mc_broken("%ld areas made without reaching vm.max_map_count", max + 16);
	mc_observe("errno", "%s", mc_errno_name(st.value));
	mc_check(st.value == ENOMEM, "MREMAP_DONTUNMAP at vm.max_map_count: %s, expected ENOMEM",
		 st.value ? mc_errno_name(st.value) : "success");
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MREMAP_DONTUNMAP is not defined on this platform");
}
#endif

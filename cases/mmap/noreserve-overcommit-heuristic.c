/*
 * Claim: With heuristic overcommit (overcommit_memory 0), a private writable anonymous mapping larger than RAM plus swap fails with ENOMEM without MAP_NORESERVE and succeeds with it.
 * Source: Linux man-pages proc(5), /proc/sys/vm/overcommit_memory: "In mode 0, calls of mmap(2) with MAP_NORESERVE are not checked, and the default check is very weak"
 * Source: Linux Documentation/mm/overcommit-accounting.rst, mode 0: heuristic overcommit handling, obvious overcommits of address space are refused
 * Source: Linux man-pages mmap(2), MAP_NORESERVE: "Do not reserve swap space for this mapping"
 * Covers: mmap(2) ENOMEM "No memory is available"
 * Tags: mmap errno anonymous private extension
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MAP_NORESERVE */
#include "mmapcheck.h"

#if defined(MAP_NORESERVE) && defined(__linux__)
#include <sys/resource.h>
#include <sys/sysinfo.h>

static int map_errno(size_t len, int extra)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | extra, -1, 0);

	if (p == MAP_FAILED)
		return errno;
	SAFE(munmap(p, len));	/* never touched */
	return 0;
}

int main(void)
{
	int mode, plain, noreserve;
	struct rlimit as, data;
	unsigned long long total;
	struct sysinfo si;
	size_t len;

	mc_begin();
	if ((mode = (int)mc_setting_number("/proc/sys/vm/overcommit_memory")) < 0)
		mc_skip("/proc/sys/vm/overcommit_memory is not readable");
	mc_observe("overcommit_memory", "%d", mode);
	if (mode != 0)
		mc_skip("overcommit_memory is %d, not 0 (heuristic)", mode);
	SAFE(sysinfo(&si));
	total = ((unsigned long long)si.totalram + si.totalswap) * si.mem_unit;
	if (total > SIZE_MAX / 2)
		mc_skip("twice RAM plus swap does not fit in size_t");
	len = (size_t)total * 2;
	SAFE(getrlimit(RLIMIT_AS, &as));
	SAFE(getrlimit(RLIMIT_DATA, &data));
	if ((as.rlim_cur != RLIM_INFINITY && as.rlim_cur < len) ||
	    (data.rlim_cur != RLIM_INFINITY && data.rlim_cur < len))
		mc_skip("RLIMIT_AS or RLIMIT_DATA is below %zu MiB", len >> 20);

	plain = map_errno(len, 0);
	noreserve = map_errno(len, MAP_NORESERVE);
	mc_observe("size_mib", "%zu", len >> 20);
	mc_observe("errno_plain", "%s", mc_errno_name(plain));
	mc_observe("errno_noreserve", "%s", mc_errno_name(noreserve));
	mc_check(plain == ENOMEM, "without MAP_NORESERVE: %s, expected ENOMEM", mc_errno_name(plain));
	mc_check(noreserve == 0, "with MAP_NORESERVE: %s, expected success", mc_errno_name(noreserve));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("Linux overcommit accounting with MAP_NORESERVE is not available on this platform");
}
#endif

/*
 * Claim: On an x86 CPU without protection keys (no "pku" among /proc/cpuinfo's flags), pkey_alloc() with valid arguments fails with ENOSPC.
 * Source: Linux man-pages pkey_alloc(2), ERRORS: "ENOSPC ... This error will also be returned if the processor or operating system does not support protection keys."
 * Source: Linux Documentation/filesystems/proc.rst and arch/x86/include/asm/cpufeatures.h: "pku" in the flags line when the CPU has Protection Keys for Userspace
 * Covers: pkey_alloc(2) ENOSPC "does not support protection keys"
 * Tags: pkey errno extension procfs
 * Requires: linux
 * Claim-call: pkey_alloc
 * Not-mutated: x86 Linux fails it (EINVAL, expected/linux) and it skips on a CPU with pku, so no mutant can turn a pass into a fail
 */
#include "mmapcheck.h"

/* 1 when the first "flags" line of /proc/cpuinfo lists pku, 0 when it does not, -1 when there is none. */
static int cpu_lists_pku(void)
{
	static char line[16384];
	FILE *f = fopen("/proc/cpuinfo", "r");
	int found = -1;

	if (!f)
		return -1;
	while (found == -1 && fgets(line, sizeof(line), f))
		if (strncmp(line, "flags", 5) == 0 && strchr(line, ':'))
			found = strstr(line, " pku ") || strstr(line, " pku\n") ? 1 : 0;
	fclose(f);
	return found;
}

int main(void)
{
#if defined(__linux__) && (defined(__x86_64__) || defined(__i386__))
	long key;
	int pku;

	mc_begin();
	pku = cpu_lists_pku();
	if (pku == -1)
		mc_skip("no flags line in /proc/cpuinfo: cannot tell whether the CPU has protection keys");
	if (pku == 1)
		mc_skip("this CPU has protection keys (pku in /proc/cpuinfo): the claim is about one without");
	key = mc_pkey_alloc(0, 0);
	mc_require_call(key, "pkey_alloc", "4.9");
	mc_observe("errno", "%s", key == -1 ? mc_errno_name(errno) : "0");
	if (key != -1)
		mc_pkey_free((int)key);
	mc_check(key == -1 && errno == ENOSPC, "pkey_alloc(0, 0) on a CPU without pku: %s, expected ENOSPC",
		 key == -1 ? mc_errno_name(errno) : "a key");
	return mc_finish();
#else
	mc_begin();
	mc_skip("the claim is about x86 Linux (pku in /proc/cpuinfo)");
#endif
}

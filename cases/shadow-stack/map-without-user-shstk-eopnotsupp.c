/*
 * Claim: On an x86-64 CPU or kernel without user shadow stacks (no "user_shstk" among /proc/cpuinfo's flags), map_shadow_stack() fails with EOPNOTSUPP.
 * Source: Linux Documentation/arch/x86/shstk.rst, Requirements to use Shadow Stack: "To use userspace shadow stack you need HW that supports it, a kernel configured with it" and "\"user_shstk\" means that userspace shadow stack is supported on the current kernel and HW."
 * Source: Linux arch/x86/kernel/shstk.c SYSCALL_DEFINE3(map_shadow_stack): "if (!cpu_feature_enabled(X86_FEATURE_USER_SHSTK)) return -EOPNOTSUPP;" (commit c35559f94ebc, "x86/shstk: Introduce map_shadow_stack syscall", Linux 6.6)
 * Covers: map_shadow_stack(kernel) EOPNOTSUPP
 * Tags: shadowstack errno extension procfs
 * Requires: linux
 * Claim-call: map_shadow_stack
 * Not-mutated: it skips where the kernel has no map_shadow_stack (this host: built without CONFIG_X86_USER_SHADOW_STACK, ENOSYS), so no mutant can turn a pass into a fail here
 */
#include "mmapcheck.h"

#if defined(__linux__) && defined(__x86_64__)
/* 1 when the first "flags" line of /proc/cpuinfo lists user_shstk, 0 when it does not, -1 when there is none. */
static int cpu_lists_user_shstk(void)
{
	static char line[16384];
	FILE *f = fopen("/proc/cpuinfo", "r");
	int found = -1;

	if (!f)
		return -1;
	while (found == -1 && fgets(line, sizeof(line), f))
		if (strncmp(line, "flags", 5) == 0 && strchr(line, ':'))
			found = strstr(line, " user_shstk ") || strstr(line, " user_shstk\n") ? 1 : 0;
	fclose(f);
	return found;
}
#endif

int main(void)
{
#if defined(__linux__) && defined(__x86_64__)
	long r;
	int shstk;

	mc_begin();
	shstk = cpu_lists_user_shstk();
	if (shstk == -1)
		mc_skip("no flags line in /proc/cpuinfo: cannot tell whether user shadow stacks are supported");
	if (shstk == 1)
		mc_skip("this CPU and kernel have user shadow stacks (user_shstk in /proc/cpuinfo): the claim is about one without");
	r = mc_map_shadow_stack(0, mc_page_size(), 0);
	mc_require_call(r, "map_shadow_stack", "6.6 with CONFIG_X86_USER_SHADOW_STACK");
	mc_observe("errno", "%s", r == -1 ? mc_errno_name(errno) : "0");
	if (r != -1)
		munmap((void *)r, mc_page_size());
	mc_check(r == -1 && errno == EOPNOTSUPP, "map_shadow_stack() without user_shstk: %s, expected EOPNOTSUPP",
		 r == -1 ? mc_errno_name(errno) : "a mapping");
	return mc_finish();
#else
	mc_begin();
	mc_skip("the claim is about x86-64 Linux shadow stacks");
#endif
}

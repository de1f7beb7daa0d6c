/*
 * Claim: map_shadow_stack() with a flag other than SHADOW_STACK_SET_TOKEN fails with EINVAL where user shadow stacks are supported.
 * Source: Linux arch/x86/kernel/shstk.c SYSCALL_DEFINE3(map_shadow_stack): "if (flags & ~SHADOW_STACK_SET_TOKEN) return -EINVAL;" (commit c35559f94ebc, "x86/shstk: Introduce map_shadow_stack syscall", Linux 6.6)
 * Source: Linux Documentation/arch/x86/shstk.rst: the shadow stack interface (the call itself is documented only by its commit and source)
 * Covers: map_shadow_stack(kernel) EINVAL "flags"
 * Tags: shadowstack errno extension
 * Requires: linux
 * Claim-call: map_shadow_stack
 * Not-mutated: it skips where the kernel or CPU has no user shadow stack (this host: no shstk, and the kernel has no map_shadow_stack), so no mutant can turn a pass into a fail here
 */
#include "mmapcheck.h"

#define UNKNOWN_FLAG 0x80	/* x86 knows SHADOW_STACK_SET_TOKEN (0x1) alone */

int main(void)
{
#if defined(__linux__) && defined(__x86_64__)
	size_t pg = mc_page_size();
	long r;

	mc_begin();
	SAFE(munmap(mc_shadow_stack_or_skip(pg), pg));	/* control: a well-formed request is accepted */
	r = mc_map_shadow_stack(0, pg, UNKNOWN_FLAG);
	mc_observe("errno", "%s", r == -1 ? mc_errno_name(errno) : "0");
	if (r != -1)
		munmap((void *)r, pg);
	mc_check(r == -1 && errno == EINVAL, "map_shadow_stack() with flag 0x80: %s, expected EINVAL",
		 r == -1 ? mc_errno_name(errno) : "a mapping");
	return mc_finish();
#else
	mc_begin();
	mc_skip("the claim is about x86-64 Linux shadow stacks");
#endif
}

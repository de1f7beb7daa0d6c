/*
 * Claim: map_shadow_stack() with SHADOW_STACK_SET_TOKEN and a size under 8 bytes, too small for the restore token, fails with ENOSPC.
 * Source: Linux arch/x86/kernel/shstk.c SYSCALL_DEFINE3(map_shadow_stack): "If there isn't space for a token" (commit c35559f94ebc, "x86/shstk: Introduce map_shadow_stack syscall", Linux 6.6)
 * Covers: map_shadow_stack(kernel) ENOSPC
 * Tags: shadowstack errno extension
 * Requires: linux
 * Claim-call: map_shadow_stack
 * Not-mutated: it skips where the kernel or CPU has no user shadow stack (this host: no shstk, and the kernel has no map_shadow_stack), so no mutant can turn a pass into a fail here
 */
#include "mmapcheck.h"

int main(void)
{
#if defined(__linux__) && defined(__x86_64__)
	size_t pg = mc_page_size();
	long r;

	mc_begin();
	r = mc_map_shadow_stack(0, pg, 0);	/* control: a well-formed request is accepted */
	mc_require_call(r, "map_shadow_stack", "6.6 with CONFIG_X86_USER_SHADOW_STACK");
	if (r == -1 && errno == EOPNOTSUPP)
		mc_skip("map_shadow_stack() fails with EOPNOTSUPP: this CPU or kernel has no user shadow stacks (user_shstk)");
	if (r == -1)
		mc_broken("map_shadow_stack(0, one page, 0) failed: %s", mc_errno_name(errno));
	SAFE(munmap((void *)r, pg));
	r = mc_map_shadow_stack(0, 4, 1);	/* SHADOW_STACK_SET_TOKEN (1) and 4 bytes */
	mc_observe("errno", "%s", r == -1 ? mc_errno_name(errno) : "0");
	mc_check(r == -1 && errno == ENOSPC, "map_shadow_stack(0, 4, 1): %s, expected ENOSPC",
		 r == -1 ? mc_errno_name(errno) : "a mapping");
	if (r != -1)
		munmap((void *)r, pg);
	return mc_finish();
#else
	mc_begin();
	mc_skip("the claim is about x86-64 Linux shadow stacks");
#endif
}

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
	SAFE(munmap(mc_shadow_stack_or_skip(pg), pg));	/* control: a well-formed request is accepted */
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

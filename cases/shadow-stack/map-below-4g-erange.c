/*
 * Claim: map_shadow_stack() with a nonzero address below 4 GiB fails with ERANGE on x86-64.
 * Source: Linux arch/x86/kernel/shstk.c SYSCALL_DEFINE3(map_shadow_stack): "addr && addr < SZ_4G" (commit c35559f94ebc, "x86/shstk: Introduce map_shadow_stack syscall", Linux 6.6)
 * Covers: map_shadow_stack(kernel) ERANGE
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
	r = mc_map_shadow_stack(pg * 16, pg, 0);	/* page aligned, below 4 GiB */
	mc_observe("errno", "%s", r == -1 ? mc_errno_name(errno) : "0");
	mc_check(r == -1 && errno == ERANGE, "map_shadow_stack(pg * 16, pg, 0): %s, expected ERANGE",
		 r == -1 ? mc_errno_name(errno) : "a mapping");
	if (r != -1)
		munmap((void *)r, pg);
	return mc_finish();
#else
	mc_begin();
	mc_skip("the claim is about x86-64 Linux shadow stacks");
#endif
}

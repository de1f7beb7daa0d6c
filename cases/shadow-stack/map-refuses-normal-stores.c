/*
 * Claim: Memory from map_shadow_stack() can be read with ordinary loads, but an ordinary store to it raises SIGSEGV.
 * Source: Linux Documentation/arch/x86/shstk.rst, CET Background: "A shadow stack is a secondary stack allocated from memory which cannot be directly modified by applications."
 * Source: Linux Documentation/arch/x86/shstk.rst, Fork: "The shadow stack's vma has VM_SHADOW_STACK flag set; its PTEs are required to be read-only and dirty."
 * Covers: map_shadow_stack(kernel) READ_ONLY "shadow stack"
 * Tags: shadowstack signal extension
 * Requires: linux
 * Claim-call: map_shadow_stack
 * Not-mutated: it skips where the kernel or CPU has no user shadow stack (this host: no shstk, and the kernel has no map_shadow_stack), so no mutant can turn a pass into a fail here
 */
#include "mmapcheck.h"

int main(void)
{
#if defined(__linux__) && defined(__x86_64__)
	struct mc_status rd, wr;
	size_t pg = mc_page_size();
	long r;

	mc_begin();
	r = (long)mc_shadow_stack_or_skip(pg);
	rd = mc_probe_read((void *)r);	/* control: the mapping is there and readable */
	wr = mc_probe_write((void *)r);
	mc_observe_status(wr);
	SAFE(munmap((void *)r, pg));
	if (rd.signo)
		mc_broken("a load from the new shadow stack raised %s", mc_signal_name(rd.signo));
	mc_check(wr.signo == SIGSEGV, "an ordinary store to a shadow stack: %s, expected SIGSEGV", mc_signal_name(wr.signo));
	return mc_finish();
#else
	mc_begin();
	mc_skip("the claim is about x86-64 Linux shadow stacks");
#endif
}

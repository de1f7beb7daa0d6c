/*
 * Claim: A sealed writable range still takes stores and reads them back: sealing fixes the mapping, not its contents.
 * Source: Linux Documentation/userspace-api/mseal.rst, "mseal doesn't block": "mseal blocks certain mm syscall from modifying some of VMA's attributes, such as protection bits (RWX). Sealed mappings doesn't mean the memory is immutable."
 * Tags: mseal anonymous private extension
 * Requires: linux
 * Claim-call: mseal
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"

#ifdef __linux__
int main(void)
{
	size_t pg;
	char *p;
	struct mc_status st;

	mc_begin();
	pg = mc_page_size();
	p = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	p[0] = 'a';
	mc_seal(p, pg, "p, 1 page");
	/* The seal is in force: even a protection change to the same one is refused. */
	if (mprotect(p, pg, PROT_READ | PROT_WRITE) == 0)
		mc_broken("mprotect() of the sealed page succeeded: the seal is not in force");
	if (errno != EPERM)
		mc_broken("mprotect() of the sealed page failed with %s, not EPERM", mc_errno_name(errno));

	st = mc_probe_write(p);	/* a child stores first: a fault there is the answer */
	mc_observe_status(st);
	if (!mc_check(!st.signo, "a store to the sealed writable page raised %s", mc_signal_name(st.signo)))
		return mc_finish();
	p[0] = 'b';
	mc_observe("byte_after", "%c", p[0]);
	mc_check(p[0] == 'b', "the sealed page reads '%c' after storing 'b'", p[0]);
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("mseal() is a Linux interface (6.10); not available here");
}
#endif

/*
 * Claim: pkey_mprotect() with key -1 changes the protection as mprotect() does, also where the CPU has no protection keys: a page made PROT_READ faults on a store with SIGSEGV (SEGV_ACCERR).
 * Source: Linux man-pages mprotect(2), DESCRIPTION: "On systems that do not support protection keys in hardware, pkey_mprotect() may still be used, but pkey must be set to -1. When called this way, the operation of pkey_mprotect() is equivalent to mprotect()."
 * Tags: pkey mprotect signal extension anonymous
 * Requires: linux
 * Claim-call: pkey_mprotect
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"

int main(void)
{
#ifdef __linux__
	struct mc_status before, after;
	size_t pg = mc_page_size();
	char *p;
	long r;

	mc_begin();
	p = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	before = mc_probe_write(p);	/* control: writable before the call */
	if (before.signo)
		mc_broken("a store to the new writable page raised %s", mc_signal_name(before.signo));
	r = mc_pkey_mprotect(p, pg, PROT_READ, -1);
	mc_require_call(r, "pkey_mprotect", "4.9");
	after = r == 0 ? mc_probe_write(p) : before;
	mc_observe_status(after);
	SAFE(munmap(p, pg));
	mc_check(r == 0, "pkey_mprotect(PROT_READ, -1) failed: %s", mc_errno_name(errno));
	mc_check(after.signo == SIGSEGV && after.code == SEGV_ACCERR, "a store after pkey_mprotect(PROT_READ, -1): %s %s",
		 mc_signal_name(after.signo), mc_code_name(after.signo, after.code));
	return mc_finish();
#else
	mc_begin();
	mc_skip("pkey_mprotect() is a Linux interface");
#endif
}

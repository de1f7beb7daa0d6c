/*
 * Claim: pkey_mprotect() with pkey -1 succeeds and changes the protection like mprotect(): a store to the page made PROT_READ raises SIGSEGV.
 * Source: Linux man-pages mprotect(2), NOTES: "pkey_mprotect() may still be used, but pkey must be set to -1.  When called this way, the operation of pkey_mprotect() is equivalent to mprotect()."
 * Tags: mprotect signal anonymous private extension
 * Requires: linux
 * Claim-call: pkey_mprotect
 */
#define _GNU_SOURCE	/* PKEY_DISABLE_ACCESS */
#include "mmapcheck.h"

#ifdef __linux__	/* the pkey calls through harness/mc_linux_calls.h: glibc and musl alike */
int main(void)
{
	struct mc_status st;
	size_t pg;
	char *p;
	int err;

	mc_begin();
	pg = mc_page_size();
	p = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	p[0] = 'w';

	err = mc_pkey_mprotect(p, pg, PROT_READ, -1) == -1 ? errno : 0;
	if (err == ENOSYS)
		mc_skip("pkey_mprotect() is not implemented here (ENOSYS)");
	mc_observe("errno", "%s", mc_errno_name(err));
	if (!mc_check(err == 0, "pkey_mprotect(PROT_READ, -1) failed: %s", mc_errno_name(err)))
		return mc_finish();
	st = mc_probe_write(p);
	mc_observe_status(st);
	mc_check(st.signo == SIGSEGV, "store after pkey_mprotect(PROT_READ, -1): %s, expected SIGSEGV",
		 mc_signal_name(st.signo));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("pkey_mprotect() is a Linux system call; this is not Linux");
}
#endif

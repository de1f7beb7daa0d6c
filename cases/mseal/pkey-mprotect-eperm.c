/*
 * Claim: pkey_mprotect() (pkey -1, which needs no protection-key hardware) making a sealed read-only range writable fails with EPERM and the range stays read-only: a store to it raises SIGSEGV.
 * Source: Linux Documentation/userspace-api/mseal.rst, "Blocked mm syscall for sealed mapping": "Blocked mm syscall: ... - mprotect and pkey_mprotect" and "Kernel will return -EPERM for blocked syscalls."
 * Source: Linux man-pages mprotect(2), NOTES: "pkey_mprotect() may still be used, but pkey must be set to -1.  When called this way, the operation of pkey_mprotect() is equivalent to mprotect()."
 * Covers: mseal(kernel) EPERM "pkey_mprotect"
 * Tags: mseal mprotect errno signal anonymous private extension
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
	int err;

	mc_begin();
	pg = mc_page_size();
	p = SAFE_MMAP(NULL, pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	mc_seal(p, pg, "p, 1 page");

	err = mc_pkey_mprotect(p, pg, PROT_READ | PROT_WRITE, -1) == -1 ? errno : 0;
	if (err == ENOSYS)
		mc_skip("pkey_mprotect() is not implemented here (ENOSYS)");
	mc_expect_errno(err, EPERM, "pkey_mprotect(sealed, PROT_READ | PROT_WRITE, -1)");
	st = mc_probe_write(p);
	mc_observe_status(st);
	mc_check(st.signo == SIGSEGV, "a store to the sealed read-only page did not raise SIGSEGV");
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("mseal() is a Linux interface (6.10); not available here");
}
#endif

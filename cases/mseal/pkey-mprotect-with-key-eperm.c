/*
 * Claim: pkey_mprotect() with an allocated protection key on a sealed read-only range fails with EPERM and the range stays read-only: a store to it raises SIGSEGV.
 * Source: Linux Documentation/userspace-api/mseal.rst, "Blocked mm syscall for sealed mapping": "Blocked mm syscall: ... - mprotect and pkey_mprotect" and "Kernel will return -EPERM for blocked syscalls."
 * Source: Linux Documentation/userspace-api/mseal.rst: "mprotect and pkey_mprotect are blocked because they changes the protection bits (RWX) of the mapping."
 * Covers: mseal(kernel) EPERM "pkey_mprotect"
 * Tags: mseal mprotect errno signal anonymous private extension
 * Requires: linux
 * Claim-call: mseal
 * Not-mutated: it skips where the CPU has no protection keys (as on the machine make mutants runs on), so no mutant can turn it from pass to fail there; where keys exist, mseal_noop and mseal_lets_pkey_mprotect_through kill it
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"

#ifdef __linux__
int main(void)
{
	size_t pg;
	char *p;
	struct mc_status st;
	int err, pkey;

	mc_begin();
	pg = mc_page_size();
	p = SAFE_MMAP(NULL, pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	mc_seal(p, pg, "p, 1 page");
	pkey = (int)mc_pkey_alloc(0, 0);
	if (pkey == -1)
		mc_skip("no protection key to use: pkey_alloc(0, 0) failed with %s (no protection keys in this CPU or kernel, or every key taken)",
			mc_errno_name(errno));

	err = mc_pkey_mprotect(p, pg, PROT_READ | PROT_WRITE, pkey) == -1 ? errno : 0;
	mc_expect_errno(err, EPERM, "pkey_mprotect(sealed, PROT_READ | PROT_WRITE, allocated key)");
	st = mc_probe_write(p);
	mc_observe_status(st);
	mc_check(st.signo == SIGSEGV, "a store to the sealed read-only page did not raise SIGSEGV");
	SAFE(mc_pkey_free(pkey));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("mseal() is a Linux interface (6.10); not available here");
}
#endif

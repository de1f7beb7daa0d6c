/*
 * Claim: mprotect() making a sealed read-only range writable fails with EPERM and the range stays read-only: a store to it raises SIGSEGV.
 * Source: Linux Documentation/userspace-api/mseal.rst, "Blocked mm syscall for sealed mapping": "Blocked mm syscall: ... - mprotect and pkey_mprotect" and "Kernel will return -EPERM for blocked syscalls."
 * Source: Linux Documentation/userspace-api/mseal.rst: "mprotect and pkey_mprotect are blocked because they changes the protection bits (RWX) of the mapping."
 * Covers: mseal(kernel) EPERM "mprotect"
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

	mc_begin();
	pg = mc_page_size();
	p = SAFE_MMAP(NULL, pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	mc_seal(p, pg, "p, 1 page");

	MC_EXPECT_ERRNO(mprotect(p, pg, PROT_READ | PROT_WRITE), EPERM);
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

/*
 * Claim: pkey_free() of a key still assigned to mapped memory succeeds, and the key is then no longer allocated: pkey_mprotect() with it fails with EINVAL.
 * Source: Linux man-pages pkeys(7), DESCRIPTION: "The kernel currently allows in-use pkeys to have pkey_free(2) called on them"
 * Source: Linux man-pages mprotect(2), ERRORS: "EINVAL (pkey_mprotect()) pkey has not been allocated with pkey_alloc(2)"
 * Source: Linux man-pages pkey_alloc(2), DESCRIPTION: "The behavior in this case is undefined and may result in an error." (so the claim is what pkeys(7) says the kernel does, nothing about the memory's access afterwards)
 * Tags: pkey extension anonymous
 * Requires: linux
 * Claim-call: pkey_free
 * Not-mutated: it skips where no protection key can be allocated (this host: a CPU without pku), so no mutant can turn a pass into a fail here; where keys exist the no-op of pkey_free (make vacuity) breaks it
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"

int main(void)
{
#ifdef __linux__
	size_t pg = mc_page_size();
	long key, r;
	char *p;

	mc_begin();
	key = mc_pkey_alloc(0, 0);
	mc_require_call(key, "pkey_alloc", "4.9");
	if (key == -1 && (errno == ENOSPC || errno == EINVAL))	/* valid arguments: no key to give */
		mc_skip("pkey_alloc() fails with %s: no protection key can be allocated here, as on a CPU without "
			"pku (pkey_alloc(2) says ENOSPC for that; x86 kernels answer EINVAL)", mc_errno_name(errno));
	if (key == -1)
		mc_broken("pkey_alloc(0, 0) failed: %s", mc_errno_name(errno));
	p = SAFE_MMAP(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	SAFE(mc_pkey_mprotect(p, pg, PROT_READ | PROT_WRITE, (int)key));	/* the key in use */
	MC_EXPECT_ERRNO(mc_pkey_free((int)key), 0);
	r = mc_pkey_mprotect(p + pg, pg, PROT_READ | PROT_WRITE, (int)key);
	mc_observe("reuse", "%s", r == -1 ? mc_errno_name(errno) : "accepted");
	mc_check(r == -1 && errno == EINVAL, "pkey_mprotect() with the freed key: %s, expected EINVAL",
		 r == -1 ? mc_errno_name(errno) : "accepted");
	SAFE(munmap(p, 2 * pg));
	return mc_finish();
#else
	mc_begin();
	mc_skip("protection keys (pkey_free) are a Linux interface");
#endif
}

/*
 * Claim: pkey_free() of one key, when every key is allocated, lets the next pkey_alloc() succeed.
 * Source: Linux man-pages pkey_alloc(2), DESCRIPTION: "pkey_free() frees a protection key and makes it available for later allocations."
 * Tags: pkey extension
 * Requires: linux
 * Claim-call: pkey_free
 * Not-mutated: it skips where no protection key can be allocated (this host: a CPU without pku), so no mutant can turn a pass into a fail here; where keys exist the no-op of pkey_free (make vacuity) breaks it
 */
#include "mmapcheck.h"

#define MAX_KEYS 64	/* more than any architecture has (x86 16, powerpc 32, arm64 8) */

int main(void)
{
#ifdef __linux__
	int keys[MAX_KEYS], n = 0, i;
	long key, again;

	mc_begin();
	key = mc_pkey_alloc(0, 0);
	mc_require_call(key, "pkey_alloc", "4.9");
	if (key == -1 && (errno == ENOSPC || errno == EINVAL))	/* valid arguments: no key to give */
		mc_skip("pkey_alloc() fails with %s: no protection key can be allocated here, as on a CPU without "
			"pku (pkey_alloc(2) says ENOSPC for that; x86 kernels answer EINVAL)", mc_errno_name(errno));
	while (key != -1 && n < MAX_KEYS) {
		keys[n++] = (int)key;
		key = mc_pkey_alloc(0, 0);
	}
	if (key != -1 || errno != ENOSPC)	/* evidence every key is taken */
		mc_broken("allocating %d keys did not end in ENOSPC (%s)", n, key == -1 ? mc_errno_name(errno) : "a key");
	SAFE(mc_pkey_free(keys[--n]));
	again = mc_pkey_alloc(0, 0);
	mc_observe("again", "%s", again == -1 ? mc_errno_name(errno) : "allocated");
	mc_check(again != -1, "pkey_alloc() after pkey_free() of one key: %s", mc_errno_name(errno));
	if (again != -1)
		SAFE(mc_pkey_free((int)again));
	for (i = 0; i < n; i++)
		SAFE(mc_pkey_free(keys[i]));
	return mc_finish();
#else
	mc_begin();
	mc_skip("protection keys (pkey_alloc) are a Linux interface");
#endif
}

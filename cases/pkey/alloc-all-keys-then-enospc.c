/*
 * Claim: pkey_alloc() fails with ENOSPC once every protection key available to the process is allocated.
 * Source: Linux man-pages pkey_alloc(2), ERRORS: "ENOSPC (pkey_alloc()) All protection keys available for the current process have been allocated."
 * Covers: pkey_alloc(2) ENOSPC
 * Tags: pkey errno extension limits
 * Requires: linux
 * Claim-call: pkey_alloc
 * Not-mutated: it skips where no protection key can be allocated (this host: a CPU without pku), so no mutant can turn a pass into a fail here
 */
#include "mmapcheck.h"

#define MAX_KEYS 64	/* more than any architecture has (x86 16, powerpc 32, arm64 8) */

int main(void)
{
#ifdef __linux__
	int keys[MAX_KEYS], n = 0, err = 0, i;
	long key;

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
	err = key == -1 ? errno : 0;
	for (i = 0; i < n; i++)
		SAFE(mc_pkey_free(keys[i]));
	mc_observe("allocated", "%d", n);
	if (key != -1)
		mc_pkey_free((int)key);
	mc_expect_errno(err, ENOSPC, "pkey_alloc() after every key was allocated");
	return mc_finish();
#else
	mc_begin();
	mc_skip("protection keys (pkey_alloc) are a Linux interface");
#endif
}

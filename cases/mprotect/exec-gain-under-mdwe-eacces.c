/*
 * Claim: In a process with the Memory-Deny-Write-Execute mask PR_MDWE_REFUSE_EXEC_GAIN set, mprotect() adding PROT_EXEC to a non-executable anonymous page fails with EACCES.
 * Source: Linux man-pages mprotect(2), ERRORS: "EACCES The memory cannot be given the specified access."
 * Source: Linux man-pages PR_SET_MDWE(2const) (man-pages 6.9, Linux 6.3): PR_MDWE_REFUSE_EXEC_GAIN "Non-executable mappings can't become executable."
 * Covers: mprotect(2) EACCES
 * Tags: mprotect errno anonymous private extension
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"

#ifdef __linux__
#include <sys/prctl.h>

#ifndef PR_SET_MDWE	/* include/uapi/linux/prctl.h, Linux 6.3; older C library headers lack it */
#define PR_SET_MDWE 65
#endif
#ifndef PR_MDWE_REFUSE_EXEC_GAIN
#define PR_MDWE_REFUSE_EXEC_GAIN (1UL << 0)
#endif
#define NO_MDWE 100000	/* + errno: prctl(PR_SET_MDWE) is not available */
#define NO_EXEC 200000	/* + errno: PROT_EXEC refused even before the mask was set */

/* In a child (the mask cannot be cleared again): returns mprotect()'s errno, or 0. */
static int add_exec_under_mdwe(void *arg)
{
	size_t pg = mc_page_size();
	char *p = SAFE_MMAP(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	(void)arg;
	if (mprotect(p + pg, pg, PROT_READ | PROT_EXEC) != 0)	/* control: allowed without the mask */
		return NO_EXEC + errno;
	if (prctl(PR_SET_MDWE, PR_MDWE_REFUSE_EXEC_GAIN, 0L, 0L, 0L) != 0)
		return NO_MDWE + errno;
	return mprotect(p, pg, PROT_READ | PROT_EXEC) == -1 ? errno : 0;
}

int main(void)
{
	struct mc_status st;

	mc_begin();
	st = mc_probe(add_exec_under_mdwe, NULL);
	if (st.signo || st.exit_code)
		mc_broken("MDWE child: %s, exit %d", mc_signal_name(st.signo), st.exit_code);
	if (st.value >= NO_EXEC)
		mc_broken("PROT_EXEC refused without MDWE: %s", mc_errno_name(st.value - NO_EXEC));
	if (st.value >= NO_MDWE)
		mc_skip("prctl(PR_SET_MDWE) is not available (%s): not provided here (Linux added it in 6.3)", mc_errno_name(st.value - NO_MDWE));

	mc_observe("errno", "%s", mc_errno_name(st.value));
	mc_check(st.value == EACCES, "mprotect(PROT_READ|PROT_EXEC) under PR_MDWE_REFUSE_EXEC_GAIN: %s, expected EACCES",
		 st.value ? mc_errno_name(st.value) : "success");
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("PR_SET_MDWE is a Linux prctl");
}
#endif

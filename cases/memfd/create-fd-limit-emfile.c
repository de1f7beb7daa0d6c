/*
 * Claim: memfd_create() fails with EMFILE when RLIMIT_NOFILE leaves no free file descriptor.
 * Source: Linux man-pages memfd_create(2), ERRORS: "EMFILE The per-process limit on the number of open file descriptors has been reached."
 * Source: Linux man-pages getrlimit(2), RLIMIT_NOFILE: "a value one greater than the maximum file descriptor number that can be opened by this process"
 * Covers: memfd_create(2) EMFILE
 * Tags: memfd errno limits extension
 * Requires: linux
 */
#define _GNU_SOURCE	/* MFD_ALLOW_SEALING */
#include "mmapcheck.h"
#include <sys/resource.h>

#if defined(MFD_ALLOW_SEALING)
/* In a child: the limit is set to the lowest free descriptor, so none is left. */
static int create_at_limit(void *arg)
{
	struct rlimit rl;
	int lowest = dup(STDOUT_FILENO);

	(void)arg;
	if (lowest == -1 || close(lowest) == -1 || getrlimit(RLIMIT_NOFILE, &rl) == -1)
		_exit(MC_CHILD_BROKEN);
	rl.rlim_cur = (rlim_t)lowest;
	if (setrlimit(RLIMIT_NOFILE, &rl) == -1)
		_exit(MC_CHILD_BROKEN);
	return memfd_create("mmapcheck", 0) == -1 ? errno : 0;
}
#endif

int main(void)
{
#if defined(MFD_ALLOW_SEALING)
	struct mc_status st;

	mc_begin();
	st = mc_probe(create_at_limit, NULL);
	if (st.signo)
		mc_broken("the probe child died of %s", mc_signal_name(st.signo));
	mc_observe("errno", "%s", mc_errno_name(st.value));
	mc_check(st.value == EMFILE, "memfd_create() with no descriptor left: %s, expected EMFILE",
		 st.value ? mc_errno_name(st.value) : "success");
	return mc_finish();
#else
	mc_begin();
	mc_skip("memfd_create() is not defined on this platform");
#endif
}

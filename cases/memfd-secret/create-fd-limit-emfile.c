/*
 * Claim: memfd_secret() fails with EMFILE when RLIMIT_NOFILE leaves no free file descriptor, where with one free it succeeds.
 * Source: Linux man-pages memfd_secret(2), ERRORS: "EMFILE The per-process limit on the number of open file descriptors has been reached."
 * Source: Linux man-pages getrlimit(2), RLIMIT_NOFILE: "a value one greater than the maximum file descriptor number that can be opened by this process"
 * Covers: memfd_secret(2) EMFILE "per-process"
 * Claim-call: memfd_secret
 * Tags: secretmem errno limits extension
 * Requires: linux
 */
#include "mmapcheck.h"
#include <sys/resource.h>

#ifdef __linux__
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
	return mc_memfd_secret(0) == -1 ? errno : 0;
}
#endif

int main(void)
{
#ifdef __linux__
	struct mc_status st;
	int fd;

	mc_begin();
	/* The control: with descriptors free the call succeeds. */
	fd = (int)mc_memfd_secret(0);
	if (fd == -1 && errno == ENOSYS)
		mc_skip("memfd_secret() answers ENOSYS: not provided here (it is Linux 5.14 and later, where the architecture wires it and secretmem.enable is not 0, off by default before 6.5; an emulator or sandbox may lack it)");
	if (fd == -1)
		mc_broken("memfd_secret(0) failed: %s", mc_errno_name(errno));
	SAFE(close(fd));

	st = mc_probe(create_at_limit, NULL);
	if (st.signo)
		mc_broken("the probe child died of %s", mc_signal_name(st.signo));
	mc_expect_errno(st.value, EMFILE, "memfd_secret() with no descriptor left");
	return mc_finish();
#else
	mc_begin();
	mc_skip("memfd_secret() is a Linux call");
#endif
}

/*
 * Claim: shm_open() of an existing name fails with EMFILE when RLIMIT_NOFILE leaves no free file descriptor.
 * Source: Linux man-pages shm_open(3), ERRORS: "EMFILE The per-process limit on the number of open file descriptors has been reached."
 * Source: Linux man-pages getrlimit(2), RLIMIT_NOFILE: "a value one greater than the maximum file descriptor number that can be opened by this process"
 * Covers: shm_open(3) EMFILE
 * Tags: shm errno limits
 * Requires: linux
 * Claim-call: shm_open
 */
#include "mmapcheck.h"
#include <sys/resource.h>

/* In a child: the limit is set to the lowest free descriptor, so none is left;
 * a control open of the name first shows it opens with one descriptor free. */
static int open_at_limit(void *arg)
{
	struct rlimit rl;
	int lowest = dup(STDOUT_FILENO);

	if (lowest == -1 || close(lowest) == -1 || getrlimit(RLIMIT_NOFILE, &rl) == -1)
		_exit(MC_CHILD_BROKEN);
	rl.rlim_cur = (rlim_t)lowest + 1;
	if (setrlimit(RLIMIT_NOFILE, &rl) == -1 || shm_open(arg, O_RDWR, 0) == -1)
		_exit(MC_CHILD_BROKEN);
	return shm_open(arg, O_RDWR, 0) == -1 ? errno : 0;	/* the control holds the last one */
}

int main(void)
{
	char name[MC_SHM_NAME_MAX];
	struct mc_status st;
	int fd;

	mc_begin();
	fd = mc_shm_create(name, "emfile");
	SAFE(close(fd));
	st = mc_probe(open_at_limit, name);
	SAFE(shm_unlink(name));
	if (st.signo)
		mc_broken("the probe child died of %s", mc_signal_name(st.signo));
	mc_expect_errno(st.value, EMFILE, "shm_open() with no descriptor left");
	return mc_finish();
}

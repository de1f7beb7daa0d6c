/*
 * Claim: Without CAP_IPC_LOCK and with RLIMIT_MEMLOCK at one page, mmap() of two pages of a memfd_secret() file fails, while one page maps.
 * Source: Linux man-pages memfd_secret(2): "The amount of memory allowed for memory mappings of the file descriptor obeys the same rules as mlock(2) and cannot exceed RLIMIT_MEMLOCK."
 * Source: Linux man-pages mmap(2), ERRORS: "EAGAIN The file has been locked, or too much memory has been locked (see setrlimit(2))."
 * Claim-call: memfd_secret
 * Tags: secretmem mlock limits privileges extension
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* RLIMIT_MEMLOCK */
#include "mmapcheck.h"
#include <sys/resource.h>

#ifdef __linux__
static int fd;
static size_t pg;

/* In a child, unprivileged under a one-page limit: 256 + errno of the two-page mmap(), 0 if it mapped; 1 if one page would not. */
static int map_past_limit(void *arg)
{
	struct rlimit rl = { 0, 0 };
	void *one;

	(void)arg;
	mc_drop_lock_privilege();
	rl.rlim_cur = rl.rlim_max = (rlim_t)pg;
	if (setrlimit(RLIMIT_MEMLOCK, &rl) != 0)
		_exit(MC_CHILD_BROKEN);
	if ((one = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0)) == MAP_FAILED)
		return 1;
	munmap(one, pg);
	return mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0) == MAP_FAILED ? 256 + errno : 0;
}
#endif

int main(void)
{
#ifdef __linux__
	struct mc_status st;

	mc_begin();
	pg = mc_page_size();
	fd = (int)mc_memfd_secret(0);
	if (fd == -1 && errno == ENOSYS)
		mc_skip("memfd_secret() answers ENOSYS: not provided here (it is Linux 5.14 and later, where the architecture wires it and secretmem.enable is not 0, off by default before 6.5; an emulator or sandbox may lack it)");
	if (fd == -1)
		mc_broken("memfd_secret(0) failed: %s", mc_errno_name(errno));
	mc_require_settable_limit(RLIMIT_MEMLOCK, "RLIMIT_MEMLOCK", pg);
	SAFE(ftruncate(fd, (off_t)(2 * pg)));

	st = mc_probe(map_past_limit, NULL);
	if (st.signo)
		mc_broken("probe child killed by %s", mc_signal_name(st.signo));
	if (st.value == 1)
		mc_broken("one page of the memfd_secret() file would not map under a one-page RLIMIT_MEMLOCK");
	mc_observe("errno", "%s", st.value ? mc_errno_name(st.value - 256) : "0");
	mc_check(st.value != 0, "two pages of the memfd_secret() file mapped under a one-page RLIMIT_MEMLOCK");
	return mc_finish();
#else
	mc_begin();
	mc_skip("memfd_secret() is a Linux call");
#endif
}

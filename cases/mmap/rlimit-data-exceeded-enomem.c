/*
 * Claim: A private writable mmap() larger than RLIMIT_DATA allows fails with ENOMEM.
 * Source: Linux man-pages mmap(2), ERRORS: "ENOMEM (since Linux 4.7) The process's RLIMIT_DATA limit, described in getrlimit(2), would have been exceeded."
 * Source: Linux man-pages getrlimit(2), RLIMIT_DATA: "This limit affects calls to brk(2), sbrk(2), and (since Linux 4.7) mmap(2), which fail with the error ENOMEM upon encountering the soft limit of this resource."
 * Covers: mmap(2) ENOMEM "RLIMIT_DATA"
 * Tags: mmap errno anonymous private privileges limits
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"
#include <sys/resource.h>

#define LIMIT ((size_t)64 << 20)	/* 64 MiB of data in the child */

/* In a child: the limit, then a read-only and a writable private mapping twice its size. */
static int map_over_limit(void *arg)
{
	struct rlimit rl;
	void *p;

	(void)arg;
	rl.rlim_cur = rl.rlim_max = LIMIT;
	SAFE(setrlimit(RLIMIT_DATA, &rl));
	/* Linux counts only private writable memory as data: a read-only mapping is no data. */
	p = mmap(NULL, 2 * LIMIT, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	mc_observe("readonly_errno", "%s", mc_errno_name(p == MAP_FAILED ? errno : 0));
	if (mmap(NULL, 2 * LIMIT, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED)
		return errno;
	return 0;
}

int main(void)
{
	struct mc_status st;
	void *p;

	mc_begin();
	mc_require_settable_limit(RLIMIT_DATA, "RLIMIT_DATA", LIMIT);
	mc_require_limit_room(RLIMIT_DATA, "RLIMIT_DATA", "VmData", 2 * LIMIT);
	/* Control: without the limit the same mapping is granted (nothing is touched). */
	p = SAFE_MMAP(NULL, 2 * LIMIT, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	SAFE(munmap(p, 2 * LIMIT));

	st = mc_probe(map_over_limit, NULL);
	if (st.signo)
		mc_broken("child killed by %s", mc_signal_name(st.signo));
	mc_observe("errno", "%s", mc_errno_name(st.value));
	mc_check(st.value == ENOMEM, "a 128 MiB private writable mmap() under a 64 MiB RLIMIT_DATA: %s, expected ENOMEM",
		 st.value ? mc_errno_name(st.value) : "success");
	return mc_finish();
}

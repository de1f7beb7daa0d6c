/*
 * Claim: For a process without the privilege to lock memory, mremap() that grows a locked mapping beyond RLIMIT_MEMLOCK fails with EAGAIN.
 * Source: Linux man-pages mremap(2), ERRORS: "EAGAIN The caller tried to expand a memory segment that is locked, but this was not possible without exceeding the RLIMIT_MEMLOCK resource limit."
 * Source: Linux man-pages mremap(2), DESCRIPTION: a locked segment's "lock is maintained when the segment is resized"
 * Covers: mremap(2) EAGAIN
 * Tags: mremap mlock errno anonymous private privileges limits extension
 * Requires: linux
 */
#define _GNU_SOURCE	/* MREMAP_MAYMOVE */
#include "mmapcheck.h"

#if defined(__linux__) && defined(MREMAP_MAYMOVE)
#include <sys/resource.h>

/* In a child: no privilege, a two-page limit, one locked page grown to four; returns errno. */
static int grow_locked_errno(void *arg)
{
	size_t pg = *(size_t *)arg;
	struct rlimit rl;
	void *p;

	mc_drop_lock_privilege();
	rl.rlim_cur = rl.rlim_max = 2 * pg;
	SAFE(setrlimit(RLIMIT_MEMLOCK, &rl));
	p = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	SAFE(mlock(p, pg));
	if (mremap(p, pg, 4 * pg, MREMAP_MAYMOVE) == MAP_FAILED)
		return errno;
	return 0;
}

int main(void)
{
	struct mc_status st;
	size_t pg;

	mc_begin();
	pg = mc_page_size();
	mc_require_settable_limit(RLIMIT_MEMLOCK, "RLIMIT_MEMLOCK", 2 * pg);
	st = mc_probe(grow_locked_errno, &pg);
	if (st.signo)
		mc_broken("child killed by %s", mc_signal_name(st.signo));
	mc_observe("errno", "%s", mc_errno_name(st.value));
	mc_check(st.value == EAGAIN, "growing a locked page to 4 pages under a 2-page RLIMIT_MEMLOCK: %s, expected EAGAIN",
		 st.value ? mc_errno_name(st.value) : "success");
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("mremap() is Linux-only; not available here");
}
#endif

/*
 * Claim: mremap() with MREMAP_MAYMOVE that would grow the address space beyond RLIMIT_AS fails with ENOMEM.
 * Source: Linux man-pages mremap(2), ERRORS: ENOMEM "Not enough memory was available to complete the operation. ... Or, there is not enough (virtual) memory available."
 * Source: Linux man-pages getrlimit(2), RLIMIT_AS: "This limit affects calls to brk(2), mmap(2), and mremap(2), which fail with the error ENOMEM upon exceeding this limit."
 * Covers: mremap(2) ENOMEM
 * Tags: mremap errno anonymous private limits extension
 * Requires: linux
 */
#define _GNU_SOURCE	/* MREMAP_MAYMOVE */
#include "mmapcheck.h"

#if defined(__linux__) && defined(MREMAP_MAYMOVE)
#include <sys/resource.h>

/* In a child: one page mapped, then a limit below what is already mapped, then growth; returns errno. */
static int grow_errno(void *arg)
{
	size_t pg = *(size_t *)arg;
	struct rlimit rl;
	void *p;

	p = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	rl.rlim_cur = rl.rlim_max = pg;	/* any growth of the address space exceeds it */
	SAFE(setrlimit(RLIMIT_AS, &rl));
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
	st = mc_probe(grow_errno, &pg);
	if (st.signo)
		mc_broken("child killed by %s", mc_signal_name(st.signo));
	mc_observe("errno", "%s", mc_errno_name(st.value));
	mc_check(st.value == ENOMEM, "growing by 3 pages over RLIMIT_AS: %s, expected ENOMEM",
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

/*
 * Claim: mremap() with MREMAP_DONTUNMAP fails with ENOMEM when the new mapping it creates would exceed RLIMIT_AS, although the size does not change.
 * Source: Linux man-pages mremap(2), ERRORS: ENOMEM "MREMAP_DONTUNMAP was used causing a new mapping to be created that would exceed the (virtual) memory available."
 * Source: Linux man-pages getrlimit(2), RLIMIT_AS: "This limit affects calls to brk(2), mmap(2), and mremap(2), which fail with the error ENOMEM upon exceeding this limit."
 * Covers: mremap(2) ENOMEM
 * Tags: mremap errno anonymous private limits extension
 * Requires: linux
 */
#define _GNU_SOURCE	/* MREMAP_DONTUNMAP */
#include "mmapcheck.h"

#if defined(__linux__) && defined(MREMAP_DONTUNMAP)
#include <sys/resource.h>

/* In a child: two pages mapped, then a limit below what is already mapped; returns errno. */
static int dontunmap_errno(void *arg)
{
	size_t pg = *(size_t *)arg;
	struct rlimit rl;
	char *p;

	p = SAFE_MMAP(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	p[0] = 'a';
	rl.rlim_cur = rl.rlim_max = pg;	/* a move keeps the total; a second copy exceeds it */
	SAFE(setrlimit(RLIMIT_AS, &rl));
	/* Linux reads new_address as a hint with MREMAP_DONTUNMAP: pass NULL, not garbage. */
	if (mremap(p, 2 * pg, 2 * pg, MREMAP_MAYMOVE | MREMAP_DONTUNMAP, NULL) == MAP_FAILED)
		return errno;
	return 0;
}

int main(void)
{
	struct mc_status st;
	size_t pg;

	mc_begin();
	pg = mc_page_size();
	st = mc_probe(dontunmap_errno, &pg);
	if (st.signo)
		mc_broken("child killed by %s", mc_signal_name(st.signo));
	mc_observe("errno", "%s", mc_errno_name(st.value));
	mc_check(st.value == ENOMEM, "MREMAP_DONTUNMAP of 2 pages over RLIMIT_AS: %s, expected ENOMEM",
		 st.value ? mc_errno_name(st.value) : "success");
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MREMAP_DONTUNMAP is not defined on this platform");
}
#endif

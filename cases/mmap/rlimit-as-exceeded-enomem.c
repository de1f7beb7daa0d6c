/*
 * Claim: mmap() of more address space than RLIMIT_AS leaves room for fails with ENOMEM, even for a PROT_NONE mapping with no memory behind it.
 * Source: Linux man-pages getrlimit(2), RLIMIT_AS: "This limit affects calls to brk(2), mmap(2), and mremap(2), which fail with the error ENOMEM upon exceeding this limit."
 * Source: Linux man-pages mmap(2), ERRORS: "ENOMEM No memory is available."
 * Source: POSIX.1-2017 setrlimit(), RLIMIT_AS: "If this limit is exceeded, the malloc() and mmap() functions shall fail with errno set to [ENOMEM]."
 * Covers: mmap(2) ENOMEM "No memory is available"
 * Tags: mmap errno anonymous privileges limits
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"
#include <sys/resource.h>

#ifdef RLIMIT_AS	/* OpenBSD has none */
#define LIMIT ((size_t)256 << 20)	/* 256 MiB of address space in the child */

/* In a child: the limit, then a PROT_NONE mapping twice its size; returns errno (0: it succeeded). */
static int map_over_limit(void *arg)
{
	struct rlimit rl;

	(void)arg;
	rl.rlim_cur = rl.rlim_max = LIMIT;
	SAFE(setrlimit(RLIMIT_AS, &rl));
	if (mmap(NULL, 2 * LIMIT, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED)
		return errno;
	return 0;
}

int main(void)
{
	struct mc_status st;
	void *p;

	mc_begin();
	mc_require_settable_limit(RLIMIT_AS, "RLIMIT_AS", LIMIT);
	mc_require_limit_room(RLIMIT_AS, "RLIMIT_AS", "VmSize", 2 * LIMIT);
	/* Control: without the limit the same mapping is granted.  PROT_NONE: address space, no memory committed. */
	p = SAFE_MMAP(NULL, 2 * LIMIT, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	SAFE(munmap(p, 2 * LIMIT));

	st = mc_probe(map_over_limit, NULL);
	if (st.signo)
		mc_broken("child killed by %s", mc_signal_name(st.signo));
	mc_observe("errno", "%s", mc_errno_name(st.value));
	mc_check(st.value == ENOMEM, "a 512 MiB mmap() under a 256 MiB RLIMIT_AS: %s, expected ENOMEM",
		 st.value ? mc_errno_name(st.value) : "success");
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("RLIMIT_AS: not provided by this system");
}
#endif

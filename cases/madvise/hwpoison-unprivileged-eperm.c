/*
 * Claim: madvise(MADV_HWPOISON) by a process without CAP_SYS_ADMIN fails with EPERM.
 * Source: Linux man-pages madvise(2), ERRORS: "EPERM advice is MADV_HWPOISON, but the caller does not have the CAP_SYS_ADMIN capability."
 * Source: Linux man-pages madvise(2), MADV_HWPOISON: "This operation is available only for privileged (CAP_SYS_ADMIN) processes."
 * Covers: madvise(2) EPERM
 * Tags: madvise errno anonymous private extension privileges
 * Requires: linux
 * Not-mutated: where the kernel has no CONFIG_MEMORY_FAILURE (as the one this suite was written on) MADV_HWPOISON is not a valid advice and the case skips before any interposed call, so no mutant can kill it there
 */
#define _DEFAULT_SOURCE	/* MADV_HWPOISON */
#include "mmapcheck.h"

#if defined(__linux__) && defined(MADV_HWPOISON)
static size_t pg;

/* In a child: drop CAP_SYS_ADMIN for good, make sure it is gone, then ask. */
static int poison_unprivileged(void *p)
{
	/* Never let a privileged process reach the call: it would poison a page. */
	mc_drop_capability(MC_CAP_SYS_ADMIN);
	return madvise(p, pg, MADV_HWPOISON) == 0 ? 0 : errno;
}

int main(void)
{
	struct mc_status st;
	char *p;

	mc_begin();
	/* This sysctl exists exactly when the kernel has CONFIG_MEMORY_FAILURE. */
	if (access("/proc/sys/vm/memory_failure_early_kill", F_OK) != 0)
		mc_skip("no /proc/sys/vm/memory_failure_early_kill: no memory-failure handling here "
			"(CONFIG_MEMORY_FAILURE on Linux), where MADV_HWPOISON is an invalid advice (EINVAL)");
	pg = mc_page_size();
	p = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	p[0] = 1;

	st = mc_probe(poison_unprivileged, p);
	mc_observe_status(st);
	mc_observe("errno", "%s", mc_errno_name(st.value));
	mc_check(st.signo == 0 && st.value == EPERM,
		 "madvise(MADV_HWPOISON) without CAP_SYS_ADMIN: expected EPERM, got %s (signal %s)",
		 st.value ? mc_errno_name(st.value) : "success", mc_signal_name(st.signo));
	SAFE(munmap(p, pg));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MADV_HWPOISON is a Linux interface; not a Linux build");
}
#endif

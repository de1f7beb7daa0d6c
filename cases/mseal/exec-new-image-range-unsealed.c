/*
 * Claim: Seals do not survive exec: a child that sealed a range and then execs finds, in the new image, the range's address free to map and to unmap.
 * Source: Linux Documentation/userspace-api/mseal.rst, "When not to use mseal": "the sealed mapping won't be unmapped until the process terminates or the exec system call is invoked."
 * Source: Linux man-pages execve(2): "the text, initialized data, uninitialized data (bss), and stack of the calling process are overwritten" and "Memory mappings are not preserved (mmap(2))."
 * Covers: mseal(kernel) UNTIL_EXIT "exec"
 * Tags: mseal exec anonymous private extension
 * Requires: linux
 * Claim-call: mseal
 */
#define _DEFAULT_SOURCE	/* MAP_FIXED_NOREPLACE */
#include "mmapcheck.h"

#if defined(__linux__) && defined(MAP_FIXED_NOREPLACE)
/* Exit codes of the new image (it must not print: it never called mc_begin()). */
enum { FREED = 0, STILL_MAPPED = 1, UNMAP_REFUSED = 2 };

/* The new image: maps one page at the address the old image sealed, then unmaps it. */
static int after_exec(const char *arg)
{
	size_t pg = mc_page_size();
	void *want = (void *)(uintptr_t)strtoull(arg, NULL, 16), *q;

	q = mmap(want, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	if (q == MAP_FAILED)
		return errno == EEXIST ? STILL_MAPPED : MC_CHILD_BROKEN;
	if (q != want)	/* a kernel before 4.17 takes the flag as a hint */
		return MC_CHILD_BROKEN;
	return munmap(q, pg) == 0 ? FREED : UNMAP_REFUSED;
}

int main(int argc, char **argv)
{
	char arg[32];
	size_t pg;
	pid_t pid;
	char *p;
	long r;
	int got;

	if (argc == 2)
		return after_exec(argv[1]);
	mc_begin();
	pg = mc_page_size();
	if (access("/proc/self/exe", X_OK) != 0)
		mc_skip("/proc/self/exe cannot be executed here (%s): the case re-executes itself through it",
			mc_errno_name(errno));
	p = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	mc_require_call(mc_mseal(p, 0, 0), "mseal", "6.10");	/* an empty range seals nothing */
	pid = mc_fork();
	if (pid == 0) {
		r = mc_mseal(p, pg, 0);
		if (r == -1)
			_exit(MC_CHILD_BROKEN);
		/* The seal is in force before the exec: a same-protection change is refused. */
		if (mprotect(p, pg, PROT_READ | PROT_WRITE) == 0 || errno != EPERM)
			_exit(MC_CHILD_BROKEN);
		snprintf(arg, sizeof(arg), "%llx", (unsigned long long)(uintptr_t)p);
		execl("/proc/self/exe", argv[0], arg, (char *)NULL);
		_exit(MC_CHILD_BROKEN);
	}
	got = mc_wait(pid);
	mc_observe("new_image", "%s", got == FREED ? "mapped-and-unmapped" : got == STILL_MAPPED ? "address-taken" :
		   got == UNMAP_REFUSED ? "munmap-refused" : "other");
	mc_check(got == FREED, "the new image %s", got == STILL_MAPPED ? "found the sealed address still mapped" :
		 got == UNMAP_REFUSED ? "could not unmap the page it mapped there" : "exited with an unknown code");
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("mseal() (Linux 6.10) or MAP_FIXED_NOREPLACE is not available here");
}
#endif

/*
 * Claim: A child forked after mseal() has the range sealed too: its munmap() of the range fails with EPERM.
 * Source: Linux Documentation/userspace-api/mseal.rst, "Blocked mm syscall for sealed mapping": "once the mapping is sealed, it will stay in the process's memory until the process terminates"; "When not to use mseal": "the sealed mapping won't be unmapped until the process terminates or the exec system call is invoked"
 * Source: Linux kernel/fork.c dup_mmap(): each child VMA is a copy of the parent's (vm_area_dup()), VM_SEALED among its flags
 * Covers: mseal(kernel) EPERM "munmap"
 * Tags: mseal munmap errno fork anonymous private extension
 * Requires: linux
 * Claim-call: mseal
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"

#ifdef __linux__
int main(void)
{
	size_t pg;
	char *p;
	pid_t pid;
	int got;

	mc_begin();
	pg = mc_page_size();
	p = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	mc_seal(p, pg, "p, 1 page");

	pid = mc_fork();
	if (pid == 0)	/* the child reports munmap()'s errno (0: it unmapped) as its exit code */
		_exit(munmap(p, pg) == -1 ? (errno < MC_CHILD_BROKEN ? errno : MC_CHILD_BROKEN - 1) : 0);
	got = mc_wait(pid);
	mc_expect_errno(got, EPERM, "munmap(the sealed range) in the forked child");
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("mseal() is a Linux interface (6.10); not available here");
}
#endif

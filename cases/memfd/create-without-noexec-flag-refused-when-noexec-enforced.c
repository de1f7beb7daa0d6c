/*
 * Claim: with vm.memfd_noexec 2 (set in a new pid namespace), memfd_create() without MFD_NOEXEC_SEAL is refused: with neither MFD_EXEC nor MFD_NOEXEC_SEAL, and with MFD_EXEC.
 * Source: Linux Documentation/userspace-api/mfd_noexec.rst, vm.memfd_noexec: "2: MEMFD_NOEXEC_SCOPE_NOEXEC_ENFORCED memfd_create() without MFD_NOEXEC_SEAL will be rejected."; "pid namespaced sysctl vm.memfd_noexec"
 * Source: Linux kernel/pid_sysctl.h pid_mfd_noexec_dointvec_minmax(): a write sets the writer's own namespace ("task_active_pid_ns(current)")
 * Covers: memfd_noexec(kernel) MEMFD_NOEXEC_SCOPE_NOEXEC_ENFORCED
 * Tags: memfd extension privileges fork
 * Requires: linux
 * Not-mutated: Linux 6.6 and later make a call with neither flag as with MFD_NOEXEC_SEAL at 2 (expected/linux), so the case fails here and no mutant can turn a pass into a fail; where the claim holds, memfd-noexec-enforced-exec-accepted breaks it
 */
#define _GNU_SOURCE	/* memfd_create(), MFD_* */
#include "mmapcheck.h"

#if defined(__linux__) && defined(MFD_CLOEXEC)
#define SCOPE "/proc/sys/vm/memfd_noexec"

/* What the first process of the new namespace saw, in memory shared with the case. */
struct seen { int refused, write_errno, scope, noexec_errno, plain_errno, plain_mode, exec_errno; };

/* 0 or the errno; the file's mode in *mode. */
static int create_errno(unsigned int flags, int *mode)
{
	int fd = memfd_create("mmapcheck", flags);
	struct stat sb;

	if (fd == -1)
		return errno;
	if (mode)
		*mode = fstat(fd, &sb) == 0 ? (int)(sb.st_mode & 07777) : -1;
	close(fd);
	return 0;
}

int main(void)
{
	struct seen *s;
	long long host;
	pid_t pid;

	mc_begin();
	mc_lock_setting(SCOPE);
	if ((host = mc_setting_number(SCOPE)) < 0)
		mc_skip("no " SCOPE ": the setting is Linux 6.3 and later");
	mc_observe("memfd_noexec", "%lld", host);
	s = SAFE_MMAP(NULL, mc_page_size(), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if ((pid = mc_fork()) == 0) {
		if ((pid = mc_fork_into_new_pid_namespace(&s->refused)) != 0)
			_exit(pid == -1 ? 0 : mc_wait(pid));
		if ((s->write_errno = mc_write_setting(SCOPE, "2")) != 0)
			_exit(0);
		s->scope = (int)mc_setting_number(SCOPE);
		s->noexec_errno = create_errno(MFD_NOEXEC_SEAL, NULL);
		s->plain_errno = create_errno(0, &s->plain_mode);
		s->exec_errno = create_errno(MFD_EXEC, NULL);
		_exit(0);
	}
	mc_wait(pid);
	mc_require_namespaced_write(SCOPE, host, s->refused, s->write_errno);
	if (s->write_errno || s->scope != 2 || s->noexec_errno)
		mc_broken("vm.memfd_noexec 2 in a new pid namespace: the write gave %s, it reads %d, MFD_NOEXEC_SEAL gave %s",
			  mc_errno_name(s->write_errno), s->scope, mc_errno_name(s->noexec_errno));
	mc_observe("errno", "%s", mc_errno_name(s->plain_errno));
	if (!s->plain_errno)
		mc_observe("mode", "0%o", (unsigned)s->plain_mode);
	mc_observe("exec_errno", "%s", mc_errno_name(s->exec_errno));
	mc_check(s->plain_errno != 0 && s->exec_errno != 0, "at vm.memfd_noexec 2 memfd_create() gave %s with no exec flag, %s with MFD_EXEC",
		 s->plain_errno ? mc_errno_name(s->plain_errno) : "a file", s->exec_errno ? mc_errno_name(s->exec_errno) : "a file");
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("vm.memfd_noexec is Linux's, 6.3 and later (pid namespaces and memfd_create())");
}
#endif

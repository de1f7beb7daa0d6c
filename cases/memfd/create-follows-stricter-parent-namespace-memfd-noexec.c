/*
 * Claim: vm.memfd_noexec raised to 2 in a pid namespace reaches a child namespace made before the raise: memfd_create() with MFD_EXEC, which succeeded there before, is refused there after it.
 * Source: Linux Documentation/userspace-api/mfd_noexec.rst, vm.memfd_noexec: "the setting is hierarchical, i.e. during memfd_create, we will search from current ns to root ns and use the most restrictive setting."; "2: MEMFD_NOEXEC_SCOPE_NOEXEC_ENFORCED memfd_create() without MFD_NOEXEC_SEAL will be rejected."
 * Source: Linux kernel/pid_sysctl.h pid_mfd_noexec_dointvec_minmax(): a write sets the writer's own namespace ("task_active_pid_ns(current)") (since commit 9876cfe8ec1c "memfd: replace ratcheting feature from vm.memfd_noexec with hierarchy", Linux 6.6)
 * Covers: memfd_noexec(kernel) HIERARCHICAL
 * Tags: memfd extension privileges fork
 * Requires: linux
 */
#define _GNU_SOURCE	/* memfd_create(), MFD_* */
#include "mmapcheck.h"

#if defined(__linux__) && defined(MFD_CLOEXEC)
#define SCOPE "/proc/sys/vm/memfd_noexec"

/* What the processes in the two new namespaces saw, in memory shared with the case. */
struct seen { int refused, write_errno, parent_after, child_before, child_after, exec_before, exec_after; };

static int create_errno(unsigned int flags)
{
	int fd = memfd_create("mmapcheck", flags);

	return fd == -1 ? errno : (close(fd), 0);
}

/* Namespace B (child of A, made while A still had the host's value): the first process, before and after A's raise. */
static void in_child_namespace(struct seen *s, int go, int done)
{
	char byte;

	s->exec_before = create_errno(MFD_EXEC);
	s->child_before = (int)mc_setting_number(SCOPE);
	if (write(go, "", 1) != 1 || read(done, &byte, 1) < 0)	/* EOF: the parent namespace is done */
		_exit(MC_CHILD_BROKEN);
	s->exec_after = create_errno(MFD_EXEC);
	s->child_after = (int)mc_setting_number(SCOPE);
	_exit(0);
}

int main(void)
{
	struct seen *s;
	long long host;
	int go[2], done[2];
	char byte;
	pid_t pid;

	mc_begin();
	mc_lock_setting(SCOPE);
	if ((host = mc_setting_number(SCOPE)) < 0)
		mc_skip("no " SCOPE ": the setting is Linux 6.3 and later");
	mc_observe("memfd_noexec", "%lld", host);
	if (host >= 2)
		mc_skip("vm.memfd_noexec is 2 here already: a parent namespace has no stricter value to take");
	s = SAFE_MMAP(NULL, mc_page_size(), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if ((pid = mc_fork()) == 0) {
		if ((pid = mc_fork_into_new_pid_namespace(&s->refused)) != 0)	/* namespace A */
			_exit(pid == -1 ? 0 : mc_wait(pid));
		SAFE(pipe(go));
		SAFE(pipe(done));
		if ((pid = mc_fork_into_new_pid_namespace(&s->refused)) == -1)	/* namespace B */
			_exit(0);
		if (pid == 0) {
			close(go[0]), close(done[1]);
			in_child_namespace(s, go[1], done[0]);
		}
		close(go[1]), close(done[0]);
		if (read(go[0], &byte, 1) == 1 && !(s->write_errno = mc_write_setting(SCOPE, "2")))
			s->parent_after = (int)mc_setting_number(SCOPE);
		close(done[1]);	/* B's turn, whether the write took or not */
		_exit(mc_wait(pid));
	}
	mc_wait(pid);
	mc_require_namespaced_write(SCOPE, host, s->refused, s->write_errno);
	if (s->write_errno || s->parent_after != 2)
		mc_broken("setting 2 in the parent namespace: %s, reads %d", mc_errno_name(s->write_errno), s->parent_after);
	if (s->exec_before || s->child_before != host)
		mc_broken("before the raise the child namespace read %d and refused MFD_EXEC with %s", s->child_before, mc_errno_name(s->exec_before));
	mc_observe("child_memfd_noexec", "%d", s->child_after);
	mc_observe("errno", "%s", mc_errno_name(s->exec_after));
	mc_check(s->exec_after != 0, "memfd_create(MFD_EXEC) in the child namespace succeeded after its parent's vm.memfd_noexec became 2");
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("vm.memfd_noexec is Linux's, 6.3 and later (pid namespaces and memfd_create())");
}
#endif

/*
 * mc_privilege.h: the privilege to lock memory and other capabilities, decided
 * by what the kernel checks, never by the uid; room under RLIMIT_MEMLOCK and
 * the other inherited resource limits.
 * Part of the harness: included by mmapcheck.h, never on its own.
 */
#ifndef MC_MC_PRIVILEGE_H
#define MC_MC_PRIVILEGE_H

#define MC_CAP_IPC_LOCK 14	/* Linux's number, for mc_drop_capability() */
#ifdef __linux__
#include <sys/syscall.h>
/* capget()/capset() data, version 3: two 32-bit words per set. */
struct mc_cap_header_ { uint32_t version; int pid; };
struct mc_cap_data_ { uint32_t effective, permitted, inheritable; };
#endif

/*
 * Whether the kernel lets this process lock memory beyond RLIMIT_MEMLOCK.
 * Linux checks the capability CAP_IPC_LOCK in the initial user namespace
 * (capable()), not the uid: root without it is limited, and root of a user
 * namespace (a rootless container) has it only in its own namespace, even
 * when that namespace maps every uid to itself as the initial one does.  So
 * the kernel is asked: a child with a zero RLIMIT_MEMLOCK may lock a page
 * only with that capability (mlock(2): EPERM otherwise).  The raw system
 * call: make mutants interposes the C library's mlock(), and the harness
 * must see the kernel's answer, not the mutant's.
 * Elsewhere no process is exempt: FreeBSD, NetBSD, OpenBSD and macOS apply
 * RLIMIT_MEMLOCK (or their wired-page limit) to root as well.
 */
static inline int mc_lock_privileged(void)
{
#ifdef __linux__
	struct mc_cap_header_ h = { 0x20080522, 0 };
	struct mc_cap_data_ d[2];
	int st;
	pid_t pid;

	if (syscall(SYS_capget, &h, d) != 0 || !(d[0].effective & (1u << MC_CAP_IPC_LOCK)))
		return 0;
	fflush(stdout);
	if ((pid = fork()) == -1)
		mc_broken("fork() to ask for the privilege to lock memory failed: %s", mc_errno_name(errno));
	if (pid == 0) {
		struct rlimit rl;

		if (getrlimit(RLIMIT_MEMLOCK, &rl) != 0)
			_exit(2);
		rl.rlim_cur = 0;	/* lowering the soft limit needs no privilege */
		if (setrlimit(RLIMIT_MEMLOCK, &rl) != 0)
			_exit(2);
		/* The page of the stack rl is on (mlock rounds the start down). */
		_exit(syscall(SYS_mlock, &rl, sizeof(rl)) == 0 ? 0 : errno == EPERM ? 1 : 2);
	}
	if (waitpid(pid, &st, 0) != pid)
		mc_broken("waitpid(%ld) failed: %s", (long)pid, mc_errno_name(errno));
	if (!WIFEXITED(st) || WEXITSTATUS(st) > 1)
		mc_broken("the child asking for the privilege to lock memory could not tell");
	return WEXITSTATUS(st) == 0;
#else
	return 0;
#endif
}

/* Linux capability numbers (linux/capability.h), for mc_drop_capability(). */
#define MC_CAP_SYS_RAWIO 17
#define MC_CAP_SYS_ADMIN 21

/*
 * Gives up one capability for good, for claims about a process without it
 * (call it in a child: mc_probe()).  Linux: drops it from the effective,
 * permitted and inheritable sets, keeping the uid, so it works for root, for
 * a process granted the capability, and in a user namespace; broken if it
 * cannot, or if it is still held.  Elsewhere privilege is euid 0: root
 * becomes nobody.
 */
static inline void mc_drop_capability(int cap)
{
#ifdef __linux__
	static const struct mc_name names[] = {
		{ MC_CAP_IPC_LOCK, "CAP_IPC_LOCK" }, { MC_CAP_SYS_RAWIO, "CAP_SYS_RAWIO" },
		{ MC_CAP_SYS_ADMIN, "CAP_SYS_ADMIN" },
	};
	const char *name = mc_lookup_(names, ARRAY_SIZE(names), cap, "capability ");
	struct mc_cap_header_ h = { 0x20080522, 0 };
	struct mc_cap_data_ d[2];
	uint32_t bit = 1u << (cap % 32);

	if (syscall(SYS_capget, &h, d) != 0)
		mc_broken("capget() failed: %s", mc_errno_name(errno));
	d[cap / 32].effective &= ~bit;
	d[cap / 32].permitted &= ~bit;
	d[cap / 32].inheritable &= ~bit;
	if (syscall(SYS_capset, &h, d) != 0)
		mc_broken("capset() without %s failed: %s", name, mc_errno_name(errno));
	if (syscall(SYS_capget, &h, d) != 0 || (d[cap / 32].effective & bit) || (d[cap / 32].permitted & bit))
		mc_broken("%s still held after capset()", name);
#else
	(void)cap;
	if (geteuid() == 0) {
		SAFE(setgid(65534));
		SAFE(setuid(65534));
	}
#endif
}

/*
 * Gives up the privilege to lock memory for good, for claims about an
 * unprivileged process (call it in a child: mc_probe()): CAP_IPC_LOCK on
 * Linux; elsewhere there is none to give up (mc_lock_privileged()).
 * Broken if it cannot.
 */
static inline void mc_drop_lock_privilege(void)
{
#ifdef __linux__
	mc_drop_capability(MC_CAP_IPC_LOCK);
#endif
	if (mc_lock_privileged())
		mc_broken("still privileged to lock memory after dropping the privilege");
}

/*
 * VmLck, the kB this process has locked, for claims observed through it;
 * skips where /proc/self/status does not show it: true on the BSDs and macOS,
 * which report no per-process locked size (mincore() shows residency, not
 * locking; FreeBSD's wired counts are system-wide sysctl vm.stats.vm.*).  In
 * a probe child use mc_proc_number().
 */
static inline long long mc_require_vmlck(void)
{
	long long kb = mc_proc_number("/proc/self/status", "VmLck");

	if (kb < 0)
		mc_skip("no VmLck in /proc/self/status: the locked size cannot be observed here");
	return kb;
}

/*
 * Skips unless this process may lock `pages` more pages: RLIMIT_MEMLOCK
 * counts what it has locked already (VmLck, where /proc shows it; elsewhere
 * taken as nothing: a case locks first thing), and the privilege
 * (mc_lock_privileged) lifts the limit.  Without room the kernel
 * would answer with the limit's error before the one a case checks.
 */
static inline void mc_require_lock_room(size_t pages)
{
	static const char *const words[] = { "no", "one", "two", "three", "four" };
	long long locked = mc_proc_number("/proc/self/status", "VmLck");
	size_t pg = mc_page_size();
	char count[24];
	struct rlimit rl;

	SAFE(getrlimit(RLIMIT_MEMLOCK, &rl));
	if (mc_lock_privileged() || rl.rlim_cur == RLIM_INFINITY ||
	    rl.rlim_cur >= pages * pg + (locked > 0 ? (unsigned long long)locked * 1024 : 0))
		return;
	snprintf(count, sizeof(count), "%zu", pages);
	mc_skip("RLIMIT_MEMLOCK (%llu bytes) leaves less than %s %zu-byte page%s to lock",
		(unsigned long long)rl.rlim_cur, pages < ARRAY_SIZE(words) ? words[pages] : count,
		pg, pages == 1 ? "" : "s");
}

/*
 * Skips unless this process may set both limits of `resource` (a limit in
 * bytes, named `name`) to `bytes`, as a case does in a child: lowering a
 * limit needs nothing, raising the hard limit needs privilege
 * (CAP_SYS_RESOURCE on Linux, root elsewhere).  A lower hard limit inherited
 * from the user or a service manager is a surrounding of the run, not a
 * broken case.  Decided by trying it, in a child.
 */
static inline void mc_require_settable_limit(int resource, const char *name, size_t bytes)
{
	struct rlimit rl;
	int st;
	pid_t pid;

	SAFE(getrlimit(resource, &rl));
	if (rl.rlim_max == RLIM_INFINITY || rl.rlim_max >= (rlim_t)bytes)
		return;
	fflush(stdout);
	pid = (pid_t)SAFE(fork());
	if (pid == 0) {
		rl.rlim_cur = rl.rlim_max = (rlim_t)bytes;
		_exit(setrlimit(resource, &rl) == 0 ? 0 : errno == EPERM ? 1 : 2);
	}
	if (waitpid(pid, &st, 0) != pid)
		mc_broken("waitpid(%ld) failed: %s", (long)pid, mc_errno_name(errno));
	if (!WIFEXITED(st) || WEXITSTATUS(st) > 1)
		mc_broken("setrlimit(%s, %zu) in a child failed for a reason other than EPERM", name, bytes);
	if (WEXITSTATUS(st) == 1)
		mc_skip("the hard %s (%llu bytes) is below the %zu bytes this case sets, and this process may not raise it",
			name, (unsigned long long)rl.rlim_max, bytes);
}

/*
 * Skips unless the soft limit of `resource` (a limit in bytes, named `name`)
 * leaves room for `bytes` more, beyond what this process already uses of it:
 * the kB on the `in_use` line of /proc/self/status (VmSize for RLIMIT_AS,
 * VmData for RLIMIT_DATA); where /proc does not show it, taken as nothing.
 * For what a case maps before its claim: a control, which must be granted
 * before a claim about a limit can be told from the limit the run inherited,
 * or the pages that fill vm.max_map_count.
 */
static inline void mc_require_limit_room(int resource, const char *name, const char *in_use, size_t bytes)
{
	long long used_kb = mc_proc_number("/proc/self/status", in_use);
	unsigned long long used = used_kb > 0 ? (unsigned long long)used_kb * 1024 : 0;
	struct rlimit rl;

	SAFE(getrlimit(resource, &rl));
	if (rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur >= used + bytes)
		return;
	mc_skip("the %s inherited (%llu bytes, %llu in use) leaves no room for the %zu bytes this case maps",
		name, (unsigned long long)rl.rlim_cur, used, bytes);
}

#endif /* MC_MC_PRIVILEGE_H */

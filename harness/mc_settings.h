/*
 * mc_settings.h: system-wide settings, changed only by opt-in and restored at
 * exit; the huge page pool.
 * Part of the harness: included by mmapcheck.h, never on its own.
 */
#ifndef MC_MC_SETTINGS_H
#define MC_MC_SETTINGS_H

static char mc_setting_path_[256], mc_setting_old_[64];

static inline void mc_restore_setting_(void)
{
	FILE *f;

	if (mc_is_owner() && mc_setting_path_[0] && (f = fopen(mc_setting_path_, "w"))) {
		fputs(mc_setting_old_, f);
		fclose(f);
	}
}

/*
 * A case never changes a system-wide setting unless the run opted in
 * (runner.py run --allow-system-changes sets MMAPCHECK_ALLOW_SYSTEM_CHANGES).
 * Then this writes `value` to the setting's file (e.g. /proc/sys/vm/...) and
 * puts the old value back when the case exits.  One setting per case; a case
 * changing a setting another case has changed waits for it to finish.
 * Returns 0, or -1 when not allowed or not possible (elsewhere: settings
 * are sysctl(3) names, not files, so -1 and the case skips).
 */
static int mc_setting_lock_ = -1;

/*
 * Cases run in parallel: a case that depends on a system setting (reads it,
 * perhaps changes it, then relies on it) takes this lock on the setting's file
 * first, so that another such case waits until the first has exited and put
 * the setting back; else each could restore or consume the other's value.
 * Held until the process and its children exit; one lock per process (a
 * second call is a no-op).  Returns 0, or -1 where the file cannot be locked.
 */
static inline int mc_lock_setting(const char *path)
{
	if (mc_setting_lock_ >= 0)
		return 0;
	if ((mc_setting_lock_ = open(path, O_RDONLY)) < 0)
		return -1;
	return flock(mc_setting_lock_, LOCK_EX);
}

static inline int mc_change_setting(const char *path, const char *value)
{
	FILE *f;

	if (!getenv("MMAPCHECK_ALLOW_SYSTEM_CHANGES") || mc_setting_path_[0])
		return -1;
	if (mc_lock_setting(path) != 0)
		return -1;
	if (!(f = fopen(path, "r")))
		return -1;
	if (!fgets(mc_setting_old_, sizeof(mc_setting_old_), f)) {
		fclose(f);
		return -1;
	}
	fclose(f);
	if (!(f = fopen(path, "w")))
		return -1;
	snprintf(mc_setting_path_, sizeof(mc_setting_path_), "%s", path);
	atexit(mc_restore_setting_);
	mc_note("changed %s from %.*s to %s for this case", path,
		(int)strcspn(mc_setting_old_, "\n"), mc_setting_old_, value);
	if (fputs(value, f) < 0) {
		fclose(f);
		return -1;
	}
	return fclose(f) == 0 ? 0 : -1;	/* a refused value shows here */
}

#ifdef __linux__
/*
 * A pid-namespaced setting (vm.memfd_noexec, Linux 6.3 and later): a case
 * changes it only in pid namespaces of its own, never the host's.
 */
#define MC_CLONE_NEWPID_ 0x20000000	/* <sched.h> CLONE_NEWPID, which needs _GNU_SOURCE */

/*
 * unshare(CLONE_NEWPID), then fork(): 0 in the new namespace's first process
 * (pid 1 there, else the case is broken: the host's value is not to be
 * touched), that process's pid in the caller, and -1 with the errno in
 * *refused where the namespace cannot be made.
 */
static inline pid_t mc_fork_into_new_pid_namespace(int *refused)
{
	pid_t pid;

	if (syscall(SYS_unshare, MC_CLONE_NEWPID_) != 0)
		return *refused = errno, -1;
	pid = mc_fork();
	if (pid == 0 && getpid() != 1)
		mc_broken("the first process of a new pid namespace is pid %ld there, not 1", (long)getpid());
	return pid;
}

/* Writes value to the setting as the calling process's namespace has it: 0 or the errno. */
static inline int mc_write_setting(const char *path, const char *value)
{
	int fd = open(path, O_WRONLY), err;

	if (fd == -1)
		return errno;
	err = write(fd, value, strlen(value)) == (ssize_t)strlen(value) ? 0 : errno;
	close(fd);
	return err;
}

/*
 * Once the case's namespaces are gone: broken if the host's value changed
 * (putting it back), else a skip where the namespace (refused) or the write
 * in it (write_errno) was refused for lack of privilege.
 */
static inline void mc_require_namespaced_write(const char *path, long long host, int refused, int write_errno)
{
	char value[24];

	if (mc_setting_number(path) != host) {
		snprintf(value, sizeof(value), "%lld", host);
		mc_broken("the host's %s changed from %lld during the case (putting it back: %s)",
			  path, host, mc_errno_name(mc_write_setting(path, value)));
	}
	if (refused)
		mc_skip("unshare(CLONE_NEWPID) failed with %s: a new pid namespace needs CAP_SYS_ADMIN%s", mc_errno_name(refused),
			refused == EINVAL ? " and a kernel with CONFIG_PID_NS" : refused == ENOSPC ? " and room under the nesting limits" : "");
	if (write_errno == EPERM || write_errno == EACCES || write_errno == EROFS)
		mc_skip("writing %s in a new pid namespace failed with %s: %s", path, mc_errno_name(write_errno),
			write_errno == EROFS ? "/proc/sys is mounted read-only here" : write_errno == EACCES ?
			"the file is root's, mode 0644, and this process may not write it" : "no CAP_SYS_ADMIN over the namespace");
}
#endif

/*
 * The default huge page size, once a huge page is free in the pool for this
 * case: reserved by the administrator, or reserved now (and released at exit)
 * when the run allows system changes; else the case skips with the reason.
 * Cases that need the pool take turns (mc_lock_setting).  Linux's pool is in
 * /proc; elsewhere the case skips, truly: the BSDs and macOS have no hugetlb
 * pool (FreeBSD's superpages are transparent: sysctl vm.pmap.pg_ps_enabled).
 */
static inline size_t mc_free_huge_page(void)
{
	long long size_kb = mc_proc_number("/proc/meminfo", "Hugepagesize"), nr;
	char more[32];

	mc_lock_setting("/proc/sys/vm/nr_hugepages");
	nr = mc_proc_number("/proc/meminfo", "HugePages_Total");
	if (nr < 0 || size_kb <= 0)
		mc_skip("no huge page pool in /proc/meminfo (no hugetlb support here)");
	mc_observe("nr_hugepages", "%lld", nr);
	if (mc_proc_number("/proc/meminfo", "HugePages_Free") - mc_proc_number("/proc/meminfo", "HugePages_Rsvd") < 1) {
		snprintf(more, sizeof(more), "%lld", nr + 1);
		if (mc_change_setting("/proc/sys/vm/nr_hugepages", more) != 0)
			mc_skip("no free huge page reserved in the pool (nr_hugepages=%lld; "
				"runner.py run --allow-system-changes reserves one)", nr);
		if (mc_proc_number("/proc/meminfo", "HugePages_Free") - mc_proc_number("/proc/meminfo", "HugePages_Rsvd") < 1)
			mc_skip("the kernel could not reserve a huge page (nr_hugepages=%s)", more);
	}
	return (size_t)size_kb * 1024;
}

#endif /* MC_MC_SETTINGS_H */

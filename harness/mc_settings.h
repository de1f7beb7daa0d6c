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

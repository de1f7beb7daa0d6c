/* Mutants of mlock(), mlock2(), munlock(), mlockall() and munlockall(): checks skipped, flags ignored, wrong errnos, locks that nest or are inherited. */
#include "inject.h"
#include <stdint.h>

/* Whether every page of [addr, addr+len) is mapped (mincore() fails with ENOMEM on a hole). */
static int fully_mapped(const void *addr, size_t len)
{
	uintptr_t start = (uintptr_t)addr & ~(uintptr_t)(page() - 1), end = (uintptr_t)addr + len;
	unsigned char vec[64];

	for (; start < end; start += 64 * page()) {
		size_t n = end - start < 64 * page() ? end - start : 64 * page();

		if (real_mincore((void *)start, n, vec) != 0 && errno == ENOMEM)
			return 0;
	}
	return 1;
}

static int wraps(const void *addr, size_t len) { return (uintptr_t)addr + len < (uintptr_t)addr; }

static int mlock_wrap_ok(const void *addr, size_t len)
{
	return wraps(addr, len) ? 0 : real_mlock(addr, len);
}
MUTANT(mlock_wrap_accepted, "mlock: a range that wraps past the end of the address space is accepted",
       .mlock = mlock_wrap_ok);

static int mlock2_wrap_ok(const void *addr, size_t len, unsigned int flags)
{
	return wraps(addr, len) ? 0 : real_mlock2(addr, len, flags);
}
MUTANT(mlock2_wrap_accepted, "mlock2: a range that wraps past the end of the address space is accepted",
       .mlock2 = mlock2_wrap_ok);

static int munlock_wrap_ok(const void *addr, size_t len)
{
	return wraps(addr, len) ? 0 : real_munlock(addr, len);
}
MUTANT(munlock_wrap_accepted, "munlock: a range that wraps past the end of the address space is accepted",
       .munlock = munlock_wrap_ok);

static int mlock2_flags_masked(const void *addr, size_t len, unsigned int flags)
{
	return real_mlock2(addr, len, flags & MLOCK_ONFAULT);
}
MUTANT(mlock2_flags_unchecked, "mlock2: unknown flags are ignored instead of refused", .mlock2 = mlock2_flags_masked);

static int mlock2_onfault_dropped(const void *addr, size_t len, unsigned int flags)
{
	return real_mlock2(addr, len, flags & ~MLOCK_ONFAULT);
}
MUTANT(mlock2_onfault_ignored, "mlock2: MLOCK_ONFAULT is ignored (the whole range is faulted in)",
       .mlock2 = mlock2_onfault_dropped);

static int mlockall_flags_masked(int flags)
{
	return real_mlockall(flags & (MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT));
}
MUTANT(mlockall_flags_unchecked, "mlockall: unknown flags are ignored instead of refused",
       .mlockall = mlockall_flags_masked);

static int mlockall_onfault_alone_ok(int flags)
{
	return flags == MCL_ONFAULT ? 0 : real_mlockall(flags);
}
MUTANT(mlockall_onfault_alone_accepted, "mlockall: MCL_ONFAULT without MCL_CURRENT or MCL_FUTURE succeeds",
       .mlockall = mlockall_onfault_alone_ok);

static int mlockall_without(int flags, int dropped)
{
	int rest = flags & ~dropped;

	if (!(flags & dropped) || !(rest & (MCL_CURRENT | MCL_FUTURE)))
		return flags & dropped ? 0 : real_mlockall(flags);
	return real_mlockall(rest);
}
static int mlockall_no_current(int flags) { return mlockall_without(flags, MCL_CURRENT); }
MUTANT(mlockall_current_ignored, "mlockall: MCL_CURRENT is ignored (existing mappings stay unlocked)",
       .mlockall = mlockall_no_current);
static int mlockall_no_future(int flags) { return mlockall_without(flags, MCL_FUTURE); }
MUTANT(mlockall_future_ignored, "mlockall: MCL_FUTURE is ignored (later mappings are not locked)",
       .mlockall = mlockall_no_future);

static int munlockall_nothing(void) { return 0; }
MUTANT(munlockall_noop, "munlockall: returns 0 and unlocks nothing", .munlockall = munlockall_nothing);

static int munlock_nothing(const void *addr, size_t len) { (void)addr, (void)len; return 0; }
MUTANT(munlock_noop, "munlock: returns 0 and unlocks nothing", .munlock = munlock_nothing);

static int mlock_unaligned_refused(const void *addr, size_t len)
{
	if ((uintptr_t)addr % page())
		return errno = EINVAL, -1;
	return real_mlock(addr, len);
}
MUTANT(mlock_unaligned_einval, "mlock: an addr that is not page-aligned fails with EINVAL (as POSIX allows, Linux does not)",
       .mlock = mlock_unaligned_refused);

static int mlock_hole_accepted(const void *addr, size_t len)
{
	int r = real_mlock(addr, len);

	return r != 0 && errno == ENOMEM && !fully_mapped(addr, len) ? 0 : r;
}
MUTANT(mlock_hole_ok, "mlock: a range with unmapped pages returns 0", .mlock = mlock_hole_accepted);

static int munlock_hole_accepted(const void *addr, size_t len)
{
	int r = real_munlock(addr, len);

	return r != 0 && errno == ENOMEM && !fully_mapped(addr, len) ? 0 : r;
}
MUTANT(munlock_hole_ok, "munlock: a range with unmapped pages returns 0", .munlock = munlock_hole_accepted);

/* ENOMEM for a fully mapped range: over RLIMIT_MEMLOCK, or one split too many. */
static int mlock_limit_accepted(const void *addr, size_t len)
{
	struct rlimit rl;
	int r = real_mlock(addr, len);

	if (r != 0 && errno == ENOMEM && fully_mapped(addr, len) && getrlimit(RLIMIT_MEMLOCK, &rl) == 0 &&
	    rl.rlim_cur != RLIM_INFINITY && len > rl.rlim_cur)
		return 0;
	return r;
}
MUTANT(mlock_limit_ignored, "mlock: locking more than RLIMIT_MEMLOCK returns 0", .mlock = mlock_limit_accepted);

static int mlock_map_count_accepted(const void *addr, size_t len)
{
	struct rlimit rl;
	int r = real_mlock(addr, len);

	if (r != 0 && errno == ENOMEM && fully_mapped(addr, len) && getrlimit(RLIMIT_MEMLOCK, &rl) == 0 &&
	    (rl.rlim_cur == RLIM_INFINITY || len <= rl.rlim_cur))
		return 0;
	return r;
}
MUTANT(mlock_map_count_ignored, "mlock: a lock that would exceed vm.max_map_count returns 0 (and locks nothing)",
       .mlock = mlock_map_count_accepted);

static int mlock_eperm_as_enomem(const void *addr, size_t len)
{
	int r = real_mlock(addr, len);

	if (r != 0 && errno == EPERM)
		errno = ENOMEM;
	return r;
}
MUTANT(mlock_zero_limit_enomem, "mlock: an unprivileged process with RLIMIT_MEMLOCK 0 gets ENOMEM, not EPERM",
       .mlock = mlock_eperm_as_enomem);

/* The ranges this process locked through mlock(), for the mutants below. */
#define MAX_LOCKS 64
struct lock { uintptr_t start, end; int count; };

static struct lock *find_lock(struct lock *t, const void *addr, size_t len)
{
	int i;

	for (i = 0; i < MAX_LOCKS; i++)
		if (t[i].count && t[i].start == (uintptr_t)addr && t[i].end == (uintptr_t)addr + len)
			return &t[i];
	return NULL;
}

static struct lock *record_lock(struct lock *t, const void *addr, size_t len)
{
	struct lock *l = find_lock(t, addr, len);
	int i;

	for (i = 0; !l && i < MAX_LOCKS; i++)
		if (!t[i].count)
			l = &t[i], l->start = (uintptr_t)addr, l->end = (uintptr_t)addr + len;
	if (l)
		l->count++;
	return l;
}

static struct lock nested[MAX_LOCKS];
static int mlock_counted(const void *addr, size_t len)
{
	int r = real_mlock(addr, len);

	if (r == 0)
		record_lock(nested, addr, len);
	return r;
}
static int munlock_counted(const void *addr, size_t len)
{
	struct lock *l = find_lock(nested, addr, len);

	if (l && --l->count > 0)
		return 0;	/* still locked "count" more times */
	return real_munlock(addr, len);
}
MUTANT(mlock_nests, "mlock: locks nest, a page locked twice needs two munlock() calls",
       .mlock = mlock_counted, .munlock = munlock_counted);

static struct lock held[MAX_LOCKS];
static int mlock_held(const void *addr, size_t len)
{
	int r = real_mlock(addr, len);

	if (r == 0)
		record_lock(held, addr, len);
	return r;
}
static int munlock_only_held(const void *addr, size_t len)
{
	if (!find_lock(held, addr, len) && fully_mapped(addr, len))
		return errno = ENOMEM, -1;
	return real_munlock(addr, len);
}
MUTANT(munlock_unlocked_enomem, "munlock: a mapped range that is not locked fails with ENOMEM",
       .mlock = mlock_held, .munlock = munlock_only_held);

static struct lock inherited[MAX_LOCKS];
static int mlock_inheritable(const void *addr, size_t len)
{
	int r = real_mlock(addr, len);

	if (r == 0)
		record_lock(inherited, addr, len);
	return r;
}
static pid_t fork_keeping_locks(void)
{
	pid_t pid = real_fork();
	int i;

	for (i = 0; pid == 0 && i < MAX_LOCKS; i++)
		if (inherited[i].count)
			real_mlock((void *)inherited[i].start, inherited[i].end - inherited[i].start);
	return pid;
}
MUTANT(mlock_inherited_by_fork, "fork: the child inherits its parent's memory locks",
       .mlock = mlock_inheritable, .fork = fork_keeping_locks);

static int mlock2_hole_accepted(const void *addr, size_t len, unsigned int flags)
{
	int r = real_mlock2(addr, len, flags);

	return r != 0 && errno == ENOMEM && !fully_mapped(addr, len) ? 0 : r;
}
MUTANT(mlock2_hole_ok, "mlock2: a range with unmapped pages returns 0", .mlock2 = mlock2_hole_accepted);

static int mlock2_limit_accepted(const void *addr, size_t len, unsigned int flags)
{
	struct rlimit rl;
	int r = real_mlock2(addr, len, flags);

	if (r != 0 && errno == ENOMEM && fully_mapped(addr, len) && getrlimit(RLIMIT_MEMLOCK, &rl) == 0 &&
	    rl.rlim_cur != RLIM_INFINITY && len > rl.rlim_cur)
		return 0;
	return r;
}
MUTANT(mlock2_limit_ignored, "mlock2: locking more than RLIMIT_MEMLOCK returns 0", .mlock2 = mlock2_limit_accepted);

static int mlock2_map_count_accepted(const void *addr, size_t len, unsigned int flags)
{
	struct rlimit rl;
	int r = real_mlock2(addr, len, flags);

	if (r != 0 && errno == ENOMEM && fully_mapped(addr, len) && getrlimit(RLIMIT_MEMLOCK, &rl) == 0 &&
	    (rl.rlim_cur == RLIM_INFINITY || len <= rl.rlim_cur))
		return 0;
	return r;
}
MUTANT(mlock2_map_count_ignored, "mlock2: a lock that would exceed vm.max_map_count returns 0 (and locks nothing)",
       .mlock2 = mlock2_map_count_accepted);

static int munlock_map_count_accepted(const void *addr, size_t len)
{
	int r = real_munlock(addr, len);

	return r != 0 && errno == ENOMEM && fully_mapped(addr, len) ? 0 : r;
}
MUTANT(munlock_map_count_ignored, "munlock: an unlock that would exceed vm.max_map_count returns 0 (and unlocks nothing)",
       .munlock = munlock_map_count_accepted);

static int mlockall_limit_accepted(int flags)
{
	int r = real_mlockall(flags);

	return r != 0 && errno == ENOMEM ? 0 : r;
}
MUTANT(mlockall_limit_ignored, "mlockall: MCL_CURRENT beyond RLIMIT_MEMLOCK returns 0 (and locks nothing)",
       .mlockall = mlockall_limit_accepted);

static int mlockall_eperm_as_enomem(int flags)
{
	int r = real_mlockall(flags);

	if (r != 0 && errno == EPERM)
		errno = ENOMEM;
	return r;
}
MUTANT(mlockall_zero_limit_enomem, "mlockall: an unprivileged process with RLIMIT_MEMLOCK 0 gets ENOMEM, not EPERM",
       .mlockall = mlockall_eperm_as_enomem);

/* The lock's charge outlives the mapping: a hidden locked page per unmapped locked page. */
static int munmap_keeping_charge(void *addr, size_t len)
{
	FILE *f = fopen("/proc/self/status", "r");
	long long before = -1, after = -1;
	char line[256];
	int r;

	while (f && fgets(line, sizeof(line), f))
		if (strncmp(line, "VmLck:", 6) == 0)
			before = atoll(line + 6);
	if (f)
		fclose(f);
	if ((r = real_munmap(addr, len)) != 0 || before <= 0)
		return r;
	f = fopen("/proc/self/status", "r");
	while (f && fgets(line, sizeof(line), f))
		if (strncmp(line, "VmLck:", 6) == 0)
			after = atoll(line + 6);
	if (f)
		fclose(f);
	if (after >= 0 && after < before)
		real_mmap(NULL, (size_t)(before - after) * 1024, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_LOCKED, -1, 0);
	return 0;
}
MUTANT(mlock_charge_kept_after_munmap, "munmap: the locked memory of an unmapped locked range stays charged to the process",
       .munmap = munmap_keeping_charge);

static int future_set;
static int mlockall_noting_future(int flags)
{
	int r = real_mlockall(flags);

	if (r == 0)
		future_set = flags & MCL_FUTURE;
	return r;
}
static int munlockall_noting(void)
{
	future_set = 0;
	return real_munlockall();
}
static pid_t fork_keeping_future(void)
{
	pid_t pid = real_fork();

	if (pid == 0 && future_set)
		real_mlockall(MCL_FUTURE);
	return pid;
}
MUTANT(mlock_future_inherited_by_fork, "fork: the child inherits its parent's mlockall(MCL_FUTURE) setting",
       .mlockall = mlockall_noting_future, .munlockall = munlockall_noting, .fork = fork_keeping_future);

static int mlockall_onfault_dropped(int flags)
{
	return real_mlockall(flags == MCL_ONFAULT ? flags : flags & ~MCL_ONFAULT);
}
MUTANT(mlockall_onfault_ignored, "mlockall: MCL_ONFAULT is ignored (locked pages are faulted in at once)",
       .mlockall = mlockall_onfault_dropped);

/* MCL_FUTURE that outlives what should end it: munlockall(), or a later mlockall() without it. */
static int future_kept;
static int mlockall_remembering(int flags)
{
	int r = real_mlockall(flags);

	if (r == 0)
		future_kept = flags & MCL_FUTURE;
	return r;
}
static int munlockall_keeping_future(void)
{
	int r = real_munlockall();

	if (r == 0 && future_kept)
		real_mlockall(MCL_FUTURE);
	return r;
}
MUTANT(mlock_munlockall_keeps_future, "munlockall: unlocks the current mappings but keeps MCL_FUTURE in force",
       .mlockall = mlockall_remembering, .munlockall = munlockall_keeping_future);

static int future_accumulated;
static int mlockall_accumulating(int flags)
{
	int r = real_mlockall(flags | future_accumulated);

	if (r == 0)
		future_accumulated |= flags & MCL_FUTURE;
	return r;
}
MUTANT(mlock_mlockall_flags_accumulate, "mlockall: MCL_FUTURE from an earlier call stays in force after a call without it",
       .mlockall = mlockall_accumulating);

static int mlock_len_truncated(const void *addr, size_t len)
{
	size_t head = (uintptr_t)addr % page();

	return real_mlock(addr, len + head < page() ? len : (len + head) / page() * page() - head);
}
MUTANT(mlock_len_rounded_down, "mlock: a length ending inside a page leaves that last page unlocked",
       .mlock = mlock_len_truncated);

/* Unlocks the whole mapping that contains addr, whatever the range asked. */
static int munlock_whole_mapping(const void *addr, size_t len)
{
	FILE *f = fopen("/proc/self/maps", "r");
	unsigned long start, end;
	char line[512];

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "%lx-%lx", &start, &end) == 2 && start <= (uintptr_t)addr && (uintptr_t)addr < end) {
			fclose(f);
			return real_munlock((void *)start, end - start);
		}
	if (f)
		fclose(f);
	return real_munlock(addr, len);
}
MUTANT(mlock_munlock_whole_mapping, "munlock: unlocks the whole mapping containing the range, not just the range",
       .munlock = munlock_whole_mapping);

/*
 * Mutants of guard regions (MADV_GUARD_INSTALL/REMOVE), MAP_DROPPABLE,
 * MADV_DONTNEED_LOCKED and process_madvise(): the claims of issue 13's second
 * part, each broken the way a kernel or an emulator could get it wrong.
 */
#include "inject.h"
#include <limits.h>
#include <stdint.h>

#define FAILED_WITH(ret, e) ((ret) == -1 && errno == (e))

/* ---- guard regions ---- */

/* The ranges this process guarded, for the mutants that lose or keep them across fork. */
static struct { void *addr; size_t len; } guarded[16];

static int tracking_madvise(void *addr, size_t len, int advice)
{
	int ret = real_madvise(addr, len, advice);
	size_t i;

	for (i = 0; ret == 0 && advice == MADV_GUARD_INSTALL && i < sizeof(guarded) / sizeof(guarded[0]); i++)
		if (!guarded[i].addr) {
			guarded[i].addr = addr;
			guarded[i].len = len;
			break;
		}
	return ret;
}

static pid_t fork_then_guards(int advice)
{
	pid_t pid = real_fork();
	int saved = errno;
	size_t i;

	for (i = 0; pid == 0 && i < sizeof(guarded) / sizeof(guarded[0]); i++)
		if (guarded[i].addr)
			real_madvise(guarded[i].addr, guarded[i].len, advice);
	errno = saved;
	return pid;
}

static pid_t fork_loses_guards(void) { return fork_then_guards(MADV_GUARD_REMOVE); }
MUTANT(guard_lost_across_fork, "fork: the child does not inherit the parent's guard regions",
       .madvise = tracking_madvise, .fork = fork_loses_guards);

static pid_t fork_keeps_wiped_guards(void) { return fork_then_guards(MADV_GUARD_INSTALL); }
MUTANT(guard_kept_in_wipeonfork_child, "fork: guard regions in MADV_WIPEONFORK parts are inherited like the others",
       .madvise = tracking_madvise, .fork = fork_keeps_wiped_guards);

static int guard_length_rounded_down(void *addr, size_t len, int advice)
{
	if (advice == MADV_GUARD_INSTALL)
		len -= len % page();
	return real_madvise(addr, len, advice);
}
MUTANT(guard_install_length_rounded_down, "madvise: MADV_GUARD_INSTALL rounds the length down, so a partial last page gets no guard",
       .madvise = guard_length_rounded_down);

static int guard_install_unchecked(void *addr, size_t len, int advice)
{
	int ret = real_madvise(addr, len, advice);

	return advice == MADV_GUARD_INSTALL && FAILED_WITH(ret, EINVAL) ? 0 : ret;
}
MUTANT(guard_install_unchecked, "madvise: MADV_GUARD_INSTALL skips its checks (alignment, locked, special mappings) and returns 0",
       .madvise = guard_install_unchecked);

static int guard_remove_refuses_locked(void *addr, size_t len, int advice)
{
	/* MADV_COLD is refused on locked ranges and changes no data: the probe for "locked". */
	if (advice == MADV_GUARD_REMOVE && FAILED_WITH(real_madvise(addr, len, MADV_COLD), EINVAL)) {
		errno = EINVAL;
		return -1;
	}
	return real_madvise(addr, len, advice);
}
MUTANT(guard_remove_refuses_locked, "madvise: MADV_GUARD_REMOVE refuses mlock()ed mappings as MADV_GUARD_INSTALL does (EINVAL)",
       .madvise = guard_remove_refuses_locked);

static int dontneed_removes_guards(void *addr, size_t len, int advice)
{
	int ret = real_madvise(addr, len, advice);

	if (advice == MADV_DONTNEED && ret == 0)
		real_madvise(addr, len, MADV_GUARD_REMOVE);
	return ret;
}
MUTANT(guard_removed_by_dontneed, "madvise: MADV_DONTNEED over a guard region removes the guard with the pages",
       .madvise = dontneed_removes_guards);

static int free_removes_guards(void *addr, size_t len, int advice)
{
	int ret = real_madvise(addr, len, advice);

	if (advice == MADV_FREE && ret == 0)
		real_madvise(addr, len, MADV_GUARD_REMOVE);
	return ret;
}
MUTANT(guard_removed_by_free, "madvise: MADV_FREE over a guard region removes the guard with the pages",
       .madvise = free_removes_guards);

static void *mremap_drops_guards(void *old, size_t old_len, size_t new_len, int flags, void *new_addr)
{
	void *p = real_mremap(old, old_len, new_len, flags, new_addr);

	if (p != MAP_FAILED && p != old)
		real_madvise(p, new_len, MADV_GUARD_REMOVE);
	return p;
}
MUTANT(guard_dropped_by_mremap_move, "mremap: a moved mapping arrives without its guard regions", .mremap = mremap_drops_guards);

static int munmap_drops_later_guards(void *addr, size_t len)
{
	int ret = real_munmap(addr, len);
	char *next = (char *)addr + ((len + page() - 1) / page()) * page();
	int n;

	/* The rest of the split mapping, page by page, until a page that is not mapped. */
	for (n = 0; ret == 0 && n < 16 && real_madvise(next, page(), MADV_GUARD_REMOVE) == 0; n++)
		next += page();
	return ret;
}
MUTANT(guard_dropped_by_partial_munmap, "munmap: unmapping part of a mapping removes the guard regions of the part that stays",
       .munmap = munmap_drops_later_guards);

static int mprotect_drops_guards(void *addr, size_t len, int prot)
{
	int ret = real_mprotect(addr, len, prot);

	if (ret == 0)
		real_madvise(addr, len, MADV_GUARD_REMOVE);
	return ret;
}
MUTANT(guard_dropped_by_mprotect, "mprotect: changing the protection of a range removes its guard regions",
       .mprotect = mprotect_drops_guards);

/* The file mappings this process made, for the mutant that refuses guards on them (Linux before 6.15). */
static struct { char *addr; size_t len; } file_maps[16];

static void *tracking_file_mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	void *p = real_mmap(addr, len, prot, flags, fd, off);
	size_t i;

	for (i = 0; p != MAP_FAILED && is_file(flags, fd) && i < sizeof(file_maps) / sizeof(file_maps[0]); i++)
		if (!file_maps[i].addr) {
			file_maps[i].addr = p;
			file_maps[i].len = len;
			break;
		}
	return p;
}

static int guard_refuses_files(void *addr, size_t len, int advice)
{
	size_t i;

	for (i = 0; advice == MADV_GUARD_INSTALL && i < sizeof(file_maps) / sizeof(file_maps[0]); i++)
		if (file_maps[i].addr && (char *)addr >= file_maps[i].addr &&
		    (char *)addr < file_maps[i].addr + file_maps[i].len) {
			errno = EINVAL;
			return -1;
		}
	return real_madvise(addr, len, advice);
}
MUTANT(guard_install_refuses_file_mappings, "madvise: MADV_GUARD_INSTALL on a file mapping fails with EINVAL (anonymous only, as before Linux 6.15)",
       .mmap = tracking_file_mmap, .madvise = guard_refuses_files);

/* ---- MAP_DROPPABLE ---- */

#define IS_DROPPABLE(flags) (((flags) & 0x0f) == MAP_DROPPABLE)

static void *droppable_as_private(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	if (IS_DROPPABLE(flags))
		flags = (flags & ~0x0f) | MAP_PRIVATE;
	return real_mmap(addr, len, prot, flags, fd, off);
}
MUTANT(droppable_flag_ignored, "mmap: MAP_DROPPABLE makes an ordinary private mapping (inherited on fork, dumped)",
       .mmap = droppable_as_private);

static void *droppable_enomem(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	if (IS_DROPPABLE(flags)) {
		errno = ENOMEM;
		return MAP_FAILED;
	}
	return real_mmap(addr, len, prot, flags, fd, off);
}
MUTANT(droppable_refused_enomem, "mmap: a MAP_DROPPABLE mapping is refused with ENOMEM", .mmap = droppable_enomem);

static void *droppable_unchecked(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	void *p = real_mmap(addr, len, prot, flags, fd, off);

	if (p == MAP_FAILED && errno == EINVAL && (flags & MAP_DROPPABLE))
		p = real_mmap(addr, len, prot, (flags & ~(0x0f | MAP_LOCKED | MAP_GROWSDOWN)) | MAP_PRIVATE, fd, off);
	return p;
}
MUTANT(droppable_combinations_accepted, "mmap: MAP_DROPPABLE with a file, MAP_SHARED, MAP_LOCKED or MAP_GROWSDOWN maps something instead of EINVAL",
       .mmap = droppable_unchecked);

/* ---- MADV_DONTNEED_LOCKED ---- */

static int dontneed_locked_noop(void *addr, size_t len, int advice)
{
	return advice == MADV_DONTNEED_LOCKED ? 0 : real_madvise(addr, len, advice);
}
MUTANT(dontneed_locked_noop, "madvise: MADV_DONTNEED_LOCKED returns 0 and drops nothing", .madvise = dontneed_locked_noop);

static int dontneed_locked_unlocks(void *addr, size_t len, int advice)
{
	if (advice != MADV_DONTNEED_LOCKED)
		return real_madvise(addr, len, advice);
	if (real_munlock(addr, len) != 0)
		return -1;
	return real_madvise(addr, len, MADV_DONTNEED);
}
MUTANT(dontneed_locked_unlocks, "madvise: MADV_DONTNEED_LOCKED unlocks the range and then drops it as MADV_DONTNEED",
       .madvise = dontneed_locked_unlocks);

static int dontneed_locked_unchecked(void *addr, size_t len, int advice)
{
	int ret = real_madvise(addr, len, advice);

	return advice == MADV_DONTNEED_LOCKED && FAILED_WITH(ret, EINVAL) ? 0 : ret;
}
MUTANT(dontneed_locked_unchecked, "madvise: MADV_DONTNEED_LOCKED skips the VM_PFNMAP check and returns 0",
       .madvise = dontneed_locked_unchecked);

/* ---- process_madvise() ---- */

static ssize_t total_length(const struct iovec *iov, size_t vlen)
{
	size_t i, sum = 0;

	for (i = 0; i < vlen; i++)
		sum += iov[i].iov_len;
	return (ssize_t)sum;
}

static ssize_t pm_first_only(int pidfd, const struct iovec *iov, size_t vlen, int advice, unsigned int flags)
{
	ssize_t ret = real_process_madvise(pidfd, iov, vlen ? 1 : 0, advice, flags);

	return ret < 0 ? ret : total_length(iov, vlen);
}
MUTANT(process_madvise_first_only, "process_madvise: advises the first iovec element only and returns the bytes of all",
       .process_madvise = pm_first_only);

static ssize_t pm_flags_ignored(int pidfd, const struct iovec *iov, size_t vlen, int advice, unsigned int flags)
{
	(void)flags;
	return real_process_madvise(pidfd, iov, vlen, advice, 0);
}
MUTANT(process_madvise_flags_ignored, "process_madvise: nonzero flags are ignored instead of EINVAL", .process_madvise = pm_flags_ignored);

static ssize_t pm_skips_bad_elements(int pidfd, const struct iovec *iov, size_t vlen, int advice, unsigned int flags)
{
	ssize_t done = 0, ret = 0;
	size_t i;

	for (i = 0; i < vlen; i++)
		if ((ret = real_process_madvise(pidfd, &iov[i], 1, advice, flags)) > 0)
			done += ret;
	return done > 0 || vlen == 0 ? done : ret;
}
MUTANT(process_madvise_past_bad_element, "process_madvise: an element that fails is skipped and the later ones are advised too",
       .process_madvise = pm_skips_bad_elements);

static ssize_t pm_vlen_clamped(int pidfd, const struct iovec *iov, size_t vlen, int advice, unsigned int flags)
{
	return real_process_madvise(pidfd, iov, vlen > IOV_MAX ? IOV_MAX : vlen, advice, flags);
}
MUTANT(process_madvise_vlen_clamped, "process_madvise: a count past IOV_MAX is cut to IOV_MAX instead of EINVAL",
       .process_madvise = pm_vlen_clamped);

static ssize_t pm_huge_lengths_skipped(int pidfd, const struct iovec *iov, size_t vlen, int advice, unsigned int flags)
{
	struct iovec kept[8];
	size_t i, n = 0;

	if (vlen > 8)
		return real_process_madvise(pidfd, iov, vlen, advice, flags);
	for (i = 0; i < vlen; i++)
		if (iov[i].iov_len <= SSIZE_MAX)
			kept[n++] = iov[i];
	return real_process_madvise(pidfd, kept, n, advice, flags);
}
MUTANT(process_madvise_overflow_unchecked, "process_madvise: an element longer than SSIZE_MAX is dropped and the rest advised instead of EINVAL",
       .process_madvise = pm_huge_lengths_skipped);

static ssize_t pm_errno_swapped(int pidfd, const struct iovec *iov, size_t vlen, int advice, unsigned int flags)
{
	ssize_t ret = real_process_madvise(pidfd, iov, vlen, advice, flags);

	if (ret == -1)
		errno = errno == ESRCH ? EBADF : errno == EBADF ? ESRCH : errno == EFAULT ? ENOMEM : errno;
	return ret;
}
MUTANT(process_madvise_wrong_errno, "process_madvise: a reaped target is EBADF, a descriptor that is no pidfd ESRCH, a range outside the address space ENOMEM",
       .process_madvise = pm_errno_swapped);

static ssize_t pm_permission_unchecked(int pidfd, const struct iovec *iov, size_t vlen, int advice, unsigned int flags)
{
	ssize_t ret = real_process_madvise(pidfd, iov, vlen, advice, flags);

	return FAILED_WITH(ret, EPERM) ? total_length(iov, vlen) : ret;
}
MUTANT(process_madvise_no_cap_check, "process_madvise: another process may be advised without CAP_SYS_NICE",
       .process_madvise = pm_permission_unchecked);

static ssize_t pm_remote_any_advice(int pidfd, const struct iovec *iov, size_t vlen, int advice, unsigned int flags)
{
	ssize_t ret = real_process_madvise(pidfd, iov, vlen, advice, flags);

	return FAILED_WITH(ret, EINVAL) && !flags && vlen <= IOV_MAX ? total_length(iov, vlen) : ret;
}
MUTANT(process_madvise_remote_advice_unchecked, "process_madvise: any advice is accepted for another process (returns the bytes, does nothing)",
       .process_madvise = pm_remote_any_advice);

static ssize_t pm_cold_noop(int pidfd, const struct iovec *iov, size_t vlen, int advice, unsigned int flags)
{
	return advice == MADV_COLD && !flags ? total_length(iov, vlen) : real_process_madvise(pidfd, iov, vlen, advice, flags);
}
MUTANT(process_madvise_cold_noop, "process_madvise: MADV_COLD returns the bytes asked for and deactivates nothing",
       .process_madvise = pm_cold_noop);

/* Mutants of mmap() and munmap() error paths: refusals lost, wrong errnos, effects not done. */
#include "inject.h"
#include <stdint.h>

/* Each wrong errno is its own mutant, so the kills say which. */
MMAP_WRONG_ERRNO(errors_ebadf_as_einval, EBADF, EINVAL, "mmap: an invalid file descriptor reports EINVAL, not EBADF");
MMAP_WRONG_ERRNO(errors_enodev_as_einval, ENODEV, EINVAL,
		   "mmap: a file type that cannot be mapped reports EINVAL (as macOS does), not ENODEV");

/* The collision test looks only at the first page of the range. */
static void *noreplace_first_page_only(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	if ((flags & MAP_FIXED_NOREPLACE) && real_msync(addr, page(), MS_ASYNC) == -1 && errno == ENOMEM)
		flags = (flags & ~MAP_FIXED_NOREPLACE) | MAP_FIXED;
	return real_mmap(addr, len, prot, flags, fd, off);
}
MUTANT(errors_noreplace_first_page_only,
       "mmap: MAP_FIXED_NOREPLACE checks only the range's first page and clobbers a mapping further in",
       .mmap = noreplace_first_page_only);

static void *anon_offset_ignored(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	return real_mmap(addr, len, prot, flags, fd, (flags & MAP_ANONYMOUS) ? 0 : off);
}
MUTANT(errors_anon_offset_unchecked, "mmap: the offset of an anonymous mapping is dropped before it is checked",
       .mmap = anon_offset_ignored);

static void *no_type_defaults_private(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	if (!(flags & (MAP_SHARED | MAP_PRIVATE)))
		flags |= MAP_PRIVATE;
	return real_mmap(addr, len, prot, flags, fd, off);
}
MUTANT(errors_no_type_defaults_private, "mmap: flags without MAP_SHARED or MAP_PRIVATE default to MAP_PRIVATE (as OpenBSD does)",
       .mmap = no_type_defaults_private);

static void *hint_unaligned_refused(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	if (addr && (uintptr_t)addr % page())
		return errno = EINVAL, MAP_FAILED;
	return real_mmap(addr, len, prot, flags, fd, off);
}
MUTANT(errors_hint_unaligned_refused, "mmap: an unaligned addr is refused with EINVAL even without MAP_FIXED",
       .mmap = hint_unaligned_refused);

/* A hint is taken literally: one that cannot be a mapping's start makes the call fail. */
static void *hint_map_failed_returned(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	void *p = real_mmap(addr, len, prot, flags, fd, off);

	if (p != MAP_FAILED && addr == MAP_FAILED && !(flags & MAP_FIXED)) {
		real_munmap(p, len);
		return errno = ENOMEM, MAP_FAILED;
	}
	return p;
}
MUTANT(errors_hint_taken_literally, "mmap: a hint that no mapping can start at (MAP_FAILED) fails instead of mapping elsewhere",
       .mmap = hint_map_failed_returned);

MMAP_WRONG_ERRNO(errors_enomem_as_eagain, ENOMEM, EAGAIN,
		   "mmap: a refusal for lack of memory, address space or mapping slots reports EAGAIN, not ENOMEM");

/* The RLIMIT_DATA limit is set but mmap() does not count against it (Linux before 4.7). */
static int rlimit_data_not_applied(__rlimit_resource_t resource, const struct rlimit *rl)
{
	return resource == RLIMIT_DATA ? 0 : real_setrlimit(resource, rl);
}
MUTANT(errors_rlimit_data_not_applied, "setrlimit: RLIMIT_DATA is accepted but mmap() is not held to it (as before Linux 4.7)",
       .setrlimit = rlimit_data_not_applied);

static int rlimit_as_not_applied(__rlimit_resource_t resource, const struct rlimit *rl)
{
	return resource == RLIMIT_AS ? 0 : real_setrlimit(resource, rl);
}
MUTANT(errors_rlimit_as_not_applied, "setrlimit: RLIMIT_AS is accepted but mmap() is not held to it",
       .setrlimit = rlimit_as_not_applied);

/* ---- munmap ---- */

static int munmap_len_zero_ok(void *addr, size_t len)
{
	return len == 0 ? 0 : real_munmap(addr, len);
}
MUTANT(errors_munmap_len_zero_ok, "munmap: a length of 0 succeeds as a no-op (as NetBSD does)", .munmap = munmap_len_zero_ok);

static int munmap_outside_ok(void *addr, size_t len)
{
	int ret = real_munmap(addr, len);

	return ret == -1 && errno == EINVAL && len && (uintptr_t)addr % page() == 0 ? 0 : ret;
}
MUTANT(errors_munmap_outside_ok, "munmap: a range outside the address space succeeds like an unmapped range",
       .munmap = munmap_outside_ok);

static int munmap_hole_einval(void *addr, size_t len)
{
	if (len && real_msync(addr, len, MS_ASYNC) == -1 && errno == ENOMEM)
		return errno = EINVAL, -1;
	return real_munmap(addr, len);
}
MUTANT(errors_munmap_hole_einval, "munmap: a range with unmapped pages fails with EINVAL (as OpenBSD does)",
       .munmap = munmap_hole_einval);

static int munmap_len_rounded_down(void *addr, size_t len)
{
	size_t down = len - len % page();

	return real_munmap(addr, down ? down : len);
}
MUTANT(errors_munmap_len_rounded_down, "munmap: a length that is not a page multiple is rounded down, sparing the last page",
       .munmap = munmap_len_rounded_down);

static int munmap_enomem_as_einval(void *addr, size_t len)
{
	int ret = real_munmap(addr, len);

	if (ret == -1 && errno == ENOMEM)
		errno = EINVAL;
	return ret;
}
MUTANT(errors_munmap_enomem_as_einval, "munmap: a split refused at the mapping limit reports EINVAL, not ENOMEM",
       .munmap = munmap_enomem_as_einval);

/* The noexec check drops PROT_EXEC silently instead of refusing. */
static void *noexec_exec_dropped(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	void *p = real_mmap(addr, len, prot, flags, fd, off);

	if (p == MAP_FAILED && errno == EPERM && (prot & PROT_EXEC))
		p = real_mmap(addr, len, prot & ~PROT_EXEC, flags, fd, off);
	return p;
}
MUTANT(errors_noexec_exec_dropped, "mmap: PROT_EXEC of a file on a noexec mount is dropped silently, not refused with EPERM",
       .mmap = noexec_exec_dropped);

MMAP_WRONG_ERRNO(errors_eoverflow_as_einval, EOVERFLOW, EINVAL,
		   "mmap: an offset plus length past the largest file offset reports EINVAL, not EOVERFLOW");

/* The page offset is passed on in 32 bits (an mmap2-style pgoff cut to unsigned int). */
static void *offset_truncated_32(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	size_t pg = page();
	unsigned int pgoff = (unsigned int)((unsigned long long)off / pg);

	if (!is_file(flags, fd) || off % (off_t)pg)
		return real_mmap(addr, len, prot, flags, fd, off);
	return real_mmap(addr, len, prot, flags, fd, (off_t)pgoff * (off_t)pg);
}
MUTANT(errors_offset_truncated_32, "mmap: the file offset in pages is cut to 32 bits, so a negative offset maps far into the file",
       .mmap = offset_truncated_32);

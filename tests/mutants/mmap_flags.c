/*
 * Mutants of mmap()'s flags and placement rules (cases/mmap/ of the flags
 * part): flags ignored or refused, hints mishandled, validation skipped.
 */
#include "inject.h"

#include <signal.h>
#include <stdint.h>

#ifndef MAP_HUGE_SHIFT
#define MAP_HUGE_SHIFT 26
#endif
#ifndef MAP_HUGE_MASK
#define MAP_HUGE_MASK 0x3f
#endif

static int placement_fixed(int flags)
{
	return (flags & MAP_FIXED) || (flags & MAP_FIXED_NOREPLACE);
}

/* MAP_SHARED_VALIDATE that validates nothing: unknown bits are dropped as for MAP_SHARED. */
static void *mmap_flags_validate_unchecked(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	const int legacy = MAP_FIXED | MAP_ANONYMOUS | MAP_DENYWRITE | MAP_EXECUTABLE | MAP_GROWSDOWN |
			   MAP_LOCKED | MAP_NORESERVE | MAP_POPULATE | MAP_NONBLOCK | MAP_STACK |
			   MAP_HUGETLB | MAP_32BIT | MAP_FIXED_NOREPLACE | (MAP_HUGE_MASK << MAP_HUGE_SHIFT);

	if ((flags & 0x0f) == MAP_SHARED_VALIDATE)
		flags = MAP_SHARED | (flags & legacy);
	return real_mmap(addr, len, prot, flags, fd, off);
}
MUTANT(mmap_flags_validate_unchecked,
       "mmap: MAP_SHARED_VALIDATE ignores unknown and unsupported flags (MAP_SYNC) like MAP_SHARED",
       .mmap = mmap_flags_validate_unchecked);

static void *mmap_flags_shared_unknown_refused(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	if ((flags & 0x0f) == MAP_SHARED && (flags & 0x2000000))
		return errno = EINVAL, MAP_FAILED;
	return real_mmap(addr, len, prot, flags, fd, off);
}
MUTANT(mmap_flags_shared_unknown_refused, "mmap: plain MAP_SHARED refuses an unknown flag bit with EINVAL",
       .mmap = mmap_flags_shared_unknown_refused);

static void *mmap_flags_noreplace_addr_ignored(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	if (flags & MAP_FIXED_NOREPLACE)
		return real_mmap(NULL, len, prot, flags & ~MAP_FIXED_NOREPLACE, fd, off);
	return real_mmap(addr, len, prot, flags, fd, off);
}
MUTANT(mmap_flags_noreplace_addr_ignored, "mmap: MAP_FIXED_NOREPLACE ignores addr and maps anywhere",
       .mmap = mmap_flags_noreplace_addr_ignored);

/* An off-by-one collision test: a range that only touches a mapping counts as a clash. */
static void *mmap_flags_noreplace_touching_eexist(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	size_t pg = page(), span = (len + pg - 1) / pg * pg;
	char *a = addr;

	if ((flags & MAP_FIXED_NOREPLACE) && (uintptr_t)a % pg == 0 && (uintptr_t)a >= pg &&
	    (real_madvise(a - pg, pg, MADV_NORMAL) == 0 || real_madvise(a + span, pg, MADV_NORMAL) == 0))
		return errno = EEXIST, MAP_FAILED;
	return real_mmap(addr, len, prot, flags, fd, off);
}
MUTANT(mmap_flags_noreplace_touching_eexist,
       "mmap: MAP_FIXED_NOREPLACE fails with EEXIST for a free range that only touches a mapping",
       .mmap = mmap_flags_noreplace_touching_eexist);

static void *mmap_flags_noreplace_unaligned_accepted(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	size_t skew = (flags & MAP_FIXED_NOREPLACE) ? (uintptr_t)addr % page() : 0;

	return real_mmap((char *)addr - skew, len + skew, prot, flags, fd, off);
}
MUTANT(mmap_flags_noreplace_unaligned_accepted,
       "mmap: MAP_FIXED_NOREPLACE with an unaligned addr is rounded down and accepted",
       .mmap = mmap_flags_noreplace_unaligned_accepted);

static void *mmap_flags_hint_ignored(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	return real_mmap(placement_fixed(flags) ? addr : NULL, len, prot, flags, fd, off);
}
MUTANT(mmap_flags_hint_ignored, "mmap: a free addr hint is ignored", .mmap = mmap_flags_hint_ignored);

static void *mmap_flags_hint_clobbers(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	if (addr && !placement_fixed(flags) && (uintptr_t)addr % page() == 0)
		flags |= MAP_FIXED;
	return real_mmap(addr, len, prot, flags, fd, off);
}
MUTANT(mmap_flags_hint_clobbers, "mmap: an aligned addr hint is used even over an existing mapping",
       .mmap = mmap_flags_hint_clobbers);

/* A hint inside page 0 rounded down and used: page 0 is then mapped (for a privileged process). */
static void *mmap_flags_low_hint_to_zero(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	void *p;

	if (addr && (uintptr_t)addr < page() && !placement_fixed(flags)) {
		p = real_mmap(NULL, len, prot, flags | MAP_FIXED_NOREPLACE, fd, off);
		if (p != MAP_FAILED)
			return p;
	}
	return real_mmap(addr, len, prot, flags, fd, off);
}
MUTANT(mmap_flags_low_hint_to_zero, "mmap: a hint inside page 0 is rounded down to address 0 and used",
       .mmap = mmap_flags_low_hint_to_zero);

static void *mmap_flags_eperm_as_eacces(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	void *p = real_mmap(addr, len, prot, flags, fd, off);

	if (p == MAP_FAILED && errno == EPERM)
		errno = EACCES;
	return p;
}
MUTANT(mmap_flags_eperm_as_eacces, "mmap: refusals that should be EPERM (mmap_min_addr) report EACCES",
       .mmap = mmap_flags_eperm_as_eacces);

static void *mmap_flags_nonblock_ignored(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	return real_mmap(addr, len, prot, flags & ~MAP_NONBLOCK, fd, off);
}
MUTANT(mmap_flags_nonblock_ignored, "mmap: MAP_NONBLOCK is ignored, so MAP_POPULATE still populates",
       .mmap = mmap_flags_nonblock_ignored);

static void *mmap_flags_populate_short_file_sigbus(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	struct stat st;

	if ((flags & MAP_POPULATE) && is_file(flags, fd) && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    st.st_size < off + (off_t)len)
		raise(SIGBUS);	/* populating faults past EOF and delivers the fault's signal */
	return real_mmap(addr, len, prot, flags, fd, off);
}
MUTANT(mmap_flags_populate_short_file_sigbus, "mmap: MAP_POPULATE over a file shorter than the mapping raises SIGBUS",
       .mmap = mmap_flags_populate_short_file_sigbus);

static void *mmap_flags_stack_refused(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	if (flags & MAP_STACK)
		return errno = EINVAL, MAP_FAILED;
	return real_mmap(addr, len, prot, flags, fd, off);
}
MUTANT(mmap_flags_stack_refused, "mmap: MAP_STACK is refused with EINVAL", .mmap = mmap_flags_stack_refused);

static void *mmap_flags_32bit_ignored(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	return real_mmap(addr, len, prot, flags & ~MAP_32BIT, fd, off);
}
MUTANT(mmap_flags_32bit_ignored, "mmap: MAP_32BIT is ignored", .mmap = mmap_flags_32bit_ignored);

/* The pre-2.1 behaviour: a writable descriptor of the file counts as "open for writing". */
static void *mmap_flags_denywrite_honoured(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	if ((flags & MAP_DENYWRITE) && fd >= 0 && access_mode(fd) != O_RDONLY)
		return errno = ETXTBSY, MAP_FAILED;
	return real_mmap(addr, len, prot, flags, fd, off);
}
MUTANT(mmap_flags_denywrite_honoured, "mmap: MAP_DENYWRITE on a file open for writing fails with ETXTBSY",
       .mmap = mmap_flags_denywrite_honoured);

static void *mmap_flags_executable_private(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	if ((flags & MAP_EXECUTABLE) && (flags & 0x0f) == MAP_SHARED)
		flags = (flags & ~0x0f) | MAP_PRIVATE;
	return real_mmap(addr, len, prot, flags, fd, off);
}
MUTANT(mmap_flags_executable_private, "mmap: MAP_EXECUTABLE turns a shared file mapping into a private one",
       .mmap = mmap_flags_executable_private);

/* The guard gap not kept: the page below a grows-down mapping is mapped already. */
static void *mmap_flags_growsdown_gap_filled(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	char *p = real_mmap(addr, len, prot, flags, fd, off);

	if (p != MAP_FAILED && (flags & MAP_GROWSDOWN))
		real_mmap(p - page(), page(), prot, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	return p;
}
MUTANT(mmap_flags_growsdown_gap_filled, "mmap: the page below a MAP_GROWSDOWN mapping is mapped, whatever lies under it",
       .mmap = mmap_flags_growsdown_gap_filled);

static void *mmap_flags_anon_offset_checked(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	if ((flags & MAP_ANONYMOUS) && off != 0)
		return errno = EINVAL, MAP_FAILED;
	return real_mmap(addr, len, prot, flags, fd, off);
}
MUTANT(mmap_flags_anon_offset_checked, "mmap: MAP_ANONYMOUS with a non-zero offset fails with EINVAL",
       .mmap = mmap_flags_anon_offset_checked);

static void *mmap_flags_noreserve_refused(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	if (flags & MAP_NORESERVE)
		return errno = EINVAL, MAP_FAILED;
	return real_mmap(addr, len, prot, flags, fd, off);
}
MUTANT(mmap_flags_noreserve_refused, "mmap: MAP_NORESERVE is refused with EINVAL", .mmap = mmap_flags_noreserve_refused);

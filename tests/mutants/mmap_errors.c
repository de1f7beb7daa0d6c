/* Mutants of mmap() and munmap() error paths: refusals lost, wrong errnos, effects not done. */
#include "inject.h"
#include <stdint.h>

/* A refusal reported with the wrong errno (one errno only, so the kills say which). */
#define ERRORS_WRONG_ERRNO(id, right, wrong, sentence) \
	static void *id(void *addr, size_t len, int prot, int flags, int fd, off_t off) \
	{ \
		void *p = real_mmap(addr, len, prot, flags, fd, off); \
		if (p == MAP_FAILED && errno == (right)) \
			errno = (wrong); \
		return p; \
	} \
	MUTANT(id, sentence, .mmap = id)
ERRORS_WRONG_ERRNO(errors_ebadf_as_einval, EBADF, EINVAL, "mmap: an invalid file descriptor reports EINVAL, not EBADF");
ERRORS_WRONG_ERRNO(errors_enodev_as_einval, ENODEV, EINVAL,
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

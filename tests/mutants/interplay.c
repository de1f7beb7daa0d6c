/*
 * Mutants of the interplay between mappings and the rest of the system:
 * ftruncate under a mapping, write()/mapping coherence, /dev/zero, fault
 * codes, memfd seals.  Each is one plausible kernel or C library bug.
 */
#include "inject.h"
#include <sys/sysmacros.h>

#ifndef F_SEAL_FUTURE_WRITE
#define F_SEAL_FUTURE_WRITE 0x0010
#endif

/* ---- a record of the file mappings made, for mutants that revisit them ---- */

static struct { void *addr; size_t len; int prot, flags, fd; off_t off; } tracked[64];

static void *tracking_mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	void *p = real_mmap(addr, len, prot, flags, fd, off);
	size_t i;

	for (i = 0; p != MAP_FAILED && is_file(flags, fd) && i < sizeof(tracked) / sizeof(tracked[0]); i++)
		if (!tracked[i].addr) {
			tracked[i].addr = p, tracked[i].len = len, tracked[i].prot = prot;
			tracked[i].flags = flags, tracked[i].fd = fd, tracked[i].off = off;
			break;
		}
	return p;
}

/* ---- ftruncate ---- */

static int ftruncate_whole_page(int fd, off_t length)
{
	off_t pg = (off_t)page();
	struct stat st;

	if (fstat(fd, &st) == 0 && length < st.st_size && length % pg)
		real_ftruncate(fd, length - length % pg);	/* the partial page's bytes are gone; growing back reads zero */
	return real_ftruncate(fd, length);
}
MUTANT(interplay_ftruncate_whole_page, "ftruncate: shrinking to the middle of a page also discards that page's bytes before the new end",
       .ftruncate = ftruncate_whole_page);

/*
 * After a successful shrink to `length`: every tracked MAP_PRIVATE mapping of
 * the same file loses its pages from file offset `from` on, re-mapped from the
 * file (their copies thrown away) or, with `zero`, as zero-filled memory.
 */
static int shrink_private_copies(int fd, off_t length, off_t from, int zero)
{
	int ret = real_ftruncate(fd, length);
	struct stat st, mine;
	off_t keep;
	size_t i;

	if (ret != 0 || fstat(fd, &mine) != 0)
		return ret;
	for (i = 0; i < sizeof(tracked) / sizeof(tracked[0]); i++) {
		if (!tracked[i].addr || !(tracked[i].flags & MAP_PRIVATE) || fstat(tracked[i].fd, &st) != 0 ||
		    st.st_ino != mine.st_ino || st.st_dev != mine.st_dev)
			continue;
		keep = from - tracked[i].off > 0 ? from - tracked[i].off : 0;
		if ((size_t)keep >= tracked[i].len)
			continue;
		if (zero)
			real_mmap((char *)tracked[i].addr + keep, tracked[i].len - (size_t)keep, tracked[i].prot,
				  MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
		else
			real_mmap((char *)tracked[i].addr + keep, tracked[i].len - (size_t)keep, tracked[i].prot,
				  tracked[i].flags | MAP_FIXED, tracked[i].fd, tracked[i].off + keep);
	}
	return ret;
}

/* The private copies of the page holding the new end are thrown away and re-read from the file. */
static int ftruncate_drops_private_copies(int fd, off_t length)
{
	return shrink_private_copies(fd, length, length - length % (off_t)page(), 0);
}
MUTANT(interplay_ftruncate_drops_private_copies, "ftruncate: a shrink discards the private copy-on-write pages of the page holding the new end",
       .mmap = tracking_mmap, .ftruncate = ftruncate_drops_private_copies);

/* ---- fork ---- */

static pid_t fork_private_file_zeroed(void)
{
	pid_t pid = real_fork();
	size_t i;

	for (i = 0; pid > 0 && i < sizeof(tracked) / sizeof(tracked[0]); i++)
		if (tracked[i].addr && (tracked[i].flags & MAP_PRIVATE))
			real_mmap(tracked[i].addr, tracked[i].len, tracked[i].prot,
				  MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	return pid;
}
MUTANT(interplay_fork_private_file_zeroed, "fork: the parent's MAP_PRIVATE file mappings come back as zero-filled memory",
       .mmap = tracking_mmap, .fork = fork_private_file_zeroed);

/* ---- write()/mapping coherence ---- */

static void *shared_file_snapshot(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	struct stat st;
	void *p;

	if (!(flags & MAP_SHARED) || !is_file(flags, fd) || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
		return real_mmap(addr, len, prot, flags, fd, off);
	p = real_mmap(addr, len, prot | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS | (flags & MAP_FIXED), -1, 0);
	if (p != MAP_FAILED) {
		ssize_t got = real_pread(fd, p, len, off);	/* a copy now; never written back or refreshed */

		(void)got;
		real_mprotect(p, len, prot);
	}
	return p;
}
MUTANT(interplay_shared_file_snapshot, "mmap: MAP_SHARED file mappings are a copy of the file made at mmap time",
       .mmap = shared_file_snapshot);

static void *shared_read_only_writable(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	void *p;

	if ((flags & MAP_SHARED) && prot == PROT_READ && is_file(flags, fd) && access_mode(fd) == O_RDWR &&
	    (p = real_mmap(addr, len, prot | PROT_WRITE, flags, fd, off)) != MAP_FAILED)
		return p;
	return real_mmap(addr, len, prot, flags, fd, off);
}
MUTANT(interplay_shared_read_only_writable, "mmap: a PROT_READ MAP_SHARED mapping of a read/write fd is writable",
       .mmap = shared_read_only_writable);

static char bounce[1 << 16];

static ssize_t write_copies_buffer(int fd, const void *buf, size_t n)
{
	if (n > sizeof(bounce))
		return real_write(fd, buf, n);
	memcpy(bounce, buf, n);	/* a bad buffer faults here, in the caller */
	return real_write(fd, bounce, n);
}
MUTANT(interplay_write_copies_buffer, "write: the C library copies the caller's buffer itself, so a bad buffer raises a signal instead of EFAULT",
       .write = write_copies_buffer);

/* ---- /dev/zero ---- */

static int is_dev_zero(int flags, int fd)
{
	struct stat st;

	return is_file(flags, fd) && fstat(fd, &st) == 0 && S_ISCHR(st.st_mode) &&
	       major(st.st_rdev) == 1 && minor(st.st_rdev) == 5;
}

static void *devzero_not_zeroed(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	void *p = real_mmap(addr, len, prot, flags, fd, off);

	if (p != MAP_FAILED && is_dev_zero(flags, fd) && (flags & MAP_PRIVATE) && (prot & PROT_WRITE))
		memset(p, 0xa5, len);
	return p;
}
MUTANT(interplay_devzero_not_zeroed, "mmap: a private mapping of /dev/zero is handed out without being cleared",
       .mmap = devzero_not_zeroed);

static void *devzero_private_shared(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	if ((flags & MAP_PRIVATE) && is_dev_zero(flags, fd))
		flags = (flags & ~MAP_PRIVATE) | MAP_SHARED;
	return real_mmap(addr, len, prot, flags, fd, off);
}
MUTANT(interplay_devzero_private_shared, "mmap: a MAP_PRIVATE mapping of /dev/zero is shared across fork",
       .mmap = devzero_private_shared);

static void *devzero_shared_private(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	if ((flags & MAP_SHARED) && is_dev_zero(flags, fd))
		flags = (flags & ~MAP_SHARED) | MAP_PRIVATE;
	return real_mmap(addr, len, prot, flags, fd, off);
}
MUTANT(interplay_devzero_shared_private, "mmap: a MAP_SHARED mapping of /dev/zero is copied, not shared, across fork",
       .mmap = devzero_shared_private);

/* Every shared /dev/zero mapping maps one common object, as if the device kept contents. */
static void *devzero_shared_one_object(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	static int common = -1;

	if (!(flags & MAP_SHARED) || !is_dev_zero(flags, fd))
		return real_mmap(addr, len, prot, flags, fd, off);
	if (common == -1 && (common = real_memfd_create("devzero", 0)) >= 0 && real_ftruncate(common, 1 << 24) != 0)
		common = -1;
	return real_mmap(addr, len, prot, flags, common == -1 ? fd : common, off);
}
MUTANT(interplay_devzero_shared_one_object, "mmap: all MAP_SHARED mappings of /dev/zero share one object",
       .mmap = devzero_shared_one_object);

/* ---- fault codes ---- */

static int munmap_leaves_prot_none(void *addr, size_t len)
{
	void *p;

	if (real_munmap(addr, len) != 0)
		return -1;
	p = real_mmap(addr, len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	(void)p;
	return 0;
}
MUTANT(interplay_munmap_leaves_prot_none, "munmap: the range stays reserved as PROT_NONE instead of being unmapped",
       .munmap = munmap_leaves_prot_none);

static void *prot_none_readable(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	return real_mmap(addr, len, prot == PROT_NONE ? PROT_READ : prot, flags, fd, off);
}
MUTANT(interplay_prot_none_readable, "mmap: PROT_NONE mappings are readable", .mmap = prot_none_readable);

/* ---- memfd seals ---- */

static int seal_write_not_added(int fd, int cmd, long arg)
{
	if (cmd == F_ADD_SEALS)
		arg &= ~(long)F_SEAL_WRITE;
	return real_fcntl(fd, cmd, arg);
}
MUTANT(interplay_seal_write_not_added, "fcntl: F_ADD_SEALS reports success for F_SEAL_WRITE but does not set it",
       .fcntl = seal_write_not_added);

static int seal_ebusy_ignored(int fd, int cmd, long arg)
{
	int ret = real_fcntl(fd, cmd, arg);

	return ret == -1 && errno == EBUSY && cmd == F_ADD_SEALS ? 0 : ret;
}
MUTANT(interplay_seal_ebusy_ignored, "fcntl: F_ADD_SEALS with F_SEAL_WRITE returns 0 while a writable shared mapping exists",
       .fcntl = seal_ebusy_ignored);

static int future_write_seal_ignored(int fd, int cmd, long arg)
{
	if (cmd == F_ADD_SEALS)
		arg &= ~(long)F_SEAL_FUTURE_WRITE;
	return real_fcntl(fd, cmd, arg);
}
MUTANT(interplay_future_write_seal_ignored, "fcntl: F_SEAL_FUTURE_WRITE is accepted and not set",
       .fcntl = future_write_seal_ignored);

static int future_write_as_write(int fd, int cmd, long arg)
{
	if (cmd == F_ADD_SEALS && (arg & F_SEAL_FUTURE_WRITE))
		arg = (arg & ~(long)F_SEAL_FUTURE_WRITE) | F_SEAL_WRITE;
	return real_fcntl(fd, cmd, arg);
}
MUTANT(interplay_future_write_as_write, "fcntl: F_SEAL_FUTURE_WRITE acts as F_SEAL_WRITE (refused while a writable mapping exists)",
       .fcntl = future_write_as_write);

static void *sealed_private_refused(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	int seals;

	if ((flags & MAP_PRIVATE) && (prot & PROT_WRITE) && is_file(flags, fd) &&
	    (seals = real_fcntl(fd, F_GET_SEALS, 0)) != -1 && (seals & F_SEAL_WRITE))
		return errno = EPERM, MAP_FAILED;
	return real_mmap(addr, len, prot, flags, fd, off);
}
MUTANT(interplay_sealed_private_refused, "mmap: under F_SEAL_WRITE a MAP_PRIVATE writable mapping is refused with EPERM",
       .mmap = sealed_private_refused);

/* ---- memfd_create ---- */

static int memfd_flags_unchecked(const char *name, unsigned int flags)
{
	return real_memfd_create(name, flags & (MFD_CLOEXEC | MFD_ALLOW_SEALING | MFD_HUGETLB | 0xfc000000u));
}
MUTANT(interplay_memfd_flags_unchecked, "memfd_create: unknown flag bits are ignored",
       .memfd_create = memfd_flags_unchecked);

/* Whether n bytes at p can be read (a pipe write fails with EFAULT otherwise). */
static int readable(const void *p, size_t n)
{
	char sink[256];
	int fds[2], ok;

	if (n > sizeof(sink) || pipe(fds) != 0)
		return 0;
	ok = real_write(fds[1], p, n) == (ssize_t)n && real_read(fds[0], sink, n) == (ssize_t)n;
	real_close(fds[0]);
	real_close(fds[1]);
	return ok;
}

static int memfd_long_name_truncated(const char *name, unsigned int flags)
{
	char cut[250];

	if (!readable(name, sizeof(cut)) || strnlen(name, sizeof(cut)) < sizeof(cut))
		return real_memfd_create(name, flags);
	memcpy(cut, name, sizeof(cut) - 1);
	cut[sizeof(cut) - 1] = '\0';
	return real_memfd_create(cut, flags);
}
MUTANT(interplay_memfd_long_name_truncated, "memfd_create: a name longer than 249 bytes is cut short and accepted",
       .memfd_create = memfd_long_name_truncated);

static int memfd_efault_as_einval(const char *name, unsigned int flags)
{
	int fd = real_memfd_create(name, flags);

	if (fd == -1 && errno == EFAULT)
		errno = EINVAL;
	return fd;
}
MUTANT(interplay_memfd_efault_as_einval, "memfd_create: an unreadable name reports EINVAL instead of EFAULT",
       .memfd_create = memfd_efault_as_einval);

static int memfd_emfile_as_enfile(const char *name, unsigned int flags)
{
	int fd = real_memfd_create(name, flags);

	if (fd == -1 && errno == EMFILE)
		errno = ENFILE;
	return fd;
}
MUTANT(interplay_memfd_emfile_as_enfile, "memfd_create: the per-process descriptor limit reports ENFILE instead of EMFILE",
       .memfd_create = memfd_emfile_as_enfile);

/* ---- more ftruncate, shm_unlink ---- */

/* Pages of private mappings wholly past the new end become zero-filled memory. */
static int ftruncate_zeroes_private_past_end(int fd, off_t length)
{
	off_t pg = (off_t)page();

	return shrink_private_copies(fd, length, (length + pg - 1) / pg * pg, 1);
}
MUTANT(interplay_ftruncate_zeroes_private_past_end, "ftruncate: private copies of pages wholly past the new end become zero pages",
       .mmap = tracking_mmap, .ftruncate = ftruncate_zeroes_private_past_end);

static int shm_unlink_truncates(const char *name)
{
	int fd = real_shm_open(name, O_RDWR, 0);

	if (fd >= 0) {
		if (real_ftruncate(fd, 0) != 0)
			errno = 0;
		real_close(fd);
	}
	return real_shm_unlink(name);
}
MUTANT(interplay_shm_unlink_truncates, "shm_unlink: the object's contents are freed at once, though it is still mapped",
       .shm_unlink = shm_unlink_truncates);

static int seal_shrink_not_added(int fd, int cmd, long arg)
{
	if (cmd == F_ADD_SEALS)
		arg &= ~(long)F_SEAL_SHRINK;
	return real_fcntl(fd, cmd, arg);
}
MUTANT(interplay_seal_shrink_not_added, "fcntl: F_ADD_SEALS reports success for F_SEAL_SHRINK but does not set it",
       .fcntl = seal_shrink_not_added);

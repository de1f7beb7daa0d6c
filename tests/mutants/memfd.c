/*
 * Mutants of memfd_create()'s flags, of the file seals (fcntl F_ADD_SEALS,
 * F_GET_SEALS and what each seal refuses) and of memfd_secret().  Each is one
 * plausible kernel bug.
 */
#include "inject.h"

/* ---- memfd_create() flags ---- */

static int memfd_cloexec_ignored(const char *name, unsigned int flags)
{
	return real_memfd_create(name, flags & ~MFD_CLOEXEC);
}
MUTANT(memfd_cloexec_ignored, "memfd_create: MFD_CLOEXEC leaves FD_CLOEXEC clear", .memfd_create = memfd_cloexec_ignored);

static int memfd_always_sealable(const char *name, unsigned int flags)
{
	return real_memfd_create(name, flags | MFD_ALLOW_SEALING);
}
MUTANT(memfd_always_sealable, "memfd_create: without MFD_ALLOW_SEALING the file starts without F_SEAL_SEAL",
       .memfd_create = memfd_always_sealable);

static int memfd_sealing_not_allowed(const char *name, unsigned int flags)
{
	return real_memfd_create(name, flags & ~MFD_ALLOW_SEALING);
}
MUTANT(memfd_sealing_not_allowed, "memfd_create: MFD_ALLOW_SEALING is ignored (F_SEAL_SEAL preset)",
       .memfd_create = memfd_sealing_not_allowed);

/* MFD_NOEXEC_SEAL clears the execute bits but forgets F_SEAL_EXEC. */
static int memfd_noexec_without_seal(const char *name, unsigned int flags)
{
	int fd;

	if (!(flags & MFD_NOEXEC_SEAL))
		return real_memfd_create(name, flags);
	fd = real_memfd_create(name, (flags & ~MFD_NOEXEC_SEAL) | MFD_EXEC | MFD_ALLOW_SEALING);
	if (fd != -1)
		fchmod(fd, 0666);
	return fd;
}
MUTANT(memfd_noexec_without_seal, "memfd_create: MFD_NOEXEC_SEAL makes the file non-executable but does not set F_SEAL_EXEC",
       .memfd_create = memfd_noexec_without_seal);

/* What a proposed change did: MFD_NOEXEC_SEAL keeps F_SEAL_SEAL unless MFD_ALLOW_SEALING is given too. */
static int memfd_noexec_not_sealable(const char *name, unsigned int flags)
{
	int fd = real_memfd_create(name, flags);

	if (fd != -1 && (flags & MFD_NOEXEC_SEAL) && !(flags & MFD_ALLOW_SEALING))
		real_fcntl(fd, F_ADD_SEALS, F_SEAL_SEAL);
	return fd;
}
MUTANT(memfd_noexec_not_sealable, "memfd_create: MFD_NOEXEC_SEAL without MFD_ALLOW_SEALING leaves further seals refused",
       .memfd_create = memfd_noexec_not_sealable);

static int memfd_exec_flags_swapped(const char *name, unsigned int flags)
{
	if ((flags & (MFD_EXEC | MFD_NOEXEC_SEAL)) == MFD_EXEC)
		flags = (flags & ~MFD_EXEC) | MFD_NOEXEC_SEAL;
	return real_memfd_create(name, flags);
}
MUTANT(memfd_exec_flags_swapped, "memfd_create: MFD_EXEC makes a non-executable, F_SEAL_EXEC-sealed file",
       .memfd_create = memfd_exec_flags_swapped);

static int memfd_exec_and_noexec_accepted(const char *name, unsigned int flags)
{
	if ((flags & (MFD_EXEC | MFD_NOEXEC_SEAL)) == (MFD_EXEC | MFD_NOEXEC_SEAL))
		flags &= ~MFD_EXEC;
	return real_memfd_create(name, flags);
}
MUTANT(memfd_exec_and_noexec_accepted, "memfd_create: MFD_EXEC together with MFD_NOEXEC_SEAL is accepted (NOEXEC wins)",
       .memfd_create = memfd_exec_and_noexec_accepted);

/* As if vm.memfd_noexec were 1 whatever it says. */
static int memfd_default_noexec(const char *name, unsigned int flags)
{
	if (!(flags & (MFD_EXEC | MFD_NOEXEC_SEAL | MFD_HUGETLB)))
		flags |= MFD_NOEXEC_SEAL;
	return real_memfd_create(name, flags);
}
MUTANT(memfd_default_noexec, "memfd_create: without MFD_EXEC or MFD_NOEXEC_SEAL the file is made as with MFD_NOEXEC_SEAL, whatever vm.memfd_noexec says",
       .memfd_create = memfd_default_noexec);

/* ---- seals recorded but not enforced ---- */

/*
 * A seal the kernel reports but does not enforce: F_ADD_SEALS hands the kernel
 * every bit but `unenforced`, and F_GET_SEALS adds it back to the answer for
 * that file (its device and inode).
 */
static struct { dev_t dev; ino_t ino; long seals; } reported[32];

static long *reported_seals(int fd)
{
	struct stat sb;
	size_t i;

	if (fstat(fd, &sb) != 0)
		return NULL;
	for (i = 0; i < sizeof(reported) / sizeof(reported[0]); i++)
		if (reported[i].seals && reported[i].dev == sb.st_dev && reported[i].ino == sb.st_ino)
			return &reported[i].seals;
	for (i = 0; i < sizeof(reported) / sizeof(reported[0]); i++)
		if (!reported[i].seals) {
			reported[i].dev = sb.st_dev;
			reported[i].ino = sb.st_ino;
			return &reported[i].seals;
		}
	return NULL;
}

static int seal_not_enforced(int fd, int cmd, long arg, long unenforced)
{
	long *fake;
	int ret;

	if (cmd == F_ADD_SEALS) {
		ret = real_fcntl(fd, cmd, arg & ~unenforced);
		if (ret == 0 && (arg & unenforced) && (fake = reported_seals(fd)))
			*fake |= arg & unenforced;
		return ret;
	}
	ret = real_fcntl(fd, cmd, arg);
	if (cmd == F_GET_SEALS && ret != -1 && (fake = reported_seals(fd)))
		ret |= (int)*fake;
	return ret;
}

#define SEAL_NOT_ENFORCED(id, seal, sentence) \
	static int id(int fd, int cmd, long arg) { return seal_not_enforced(fd, cmd, arg, seal); } \
	MUTANT(id, sentence, .fcntl = id)

SEAL_NOT_ENFORCED(seal_grow_not_enforced, F_SEAL_GROW,
		  "fcntl: F_SEAL_GROW is recorded (F_GET_SEALS shows it) but write, ftruncate and fallocate still grow the file");
SEAL_NOT_ENFORCED(seal_shrink_not_enforced, F_SEAL_SHRINK,
		  "fcntl: F_SEAL_SHRINK is recorded (F_GET_SEALS shows it) but ftruncate still shrinks the file");
SEAL_NOT_ENFORCED(seal_write_not_enforced, F_SEAL_WRITE,
		  "fcntl: F_SEAL_WRITE is recorded (F_GET_SEALS shows it) but write, hole punching and shared writable mappings still work");
SEAL_NOT_ENFORCED(seal_future_write_not_enforced, F_SEAL_FUTURE_WRITE,
		  "fcntl: F_SEAL_FUTURE_WRITE is recorded (F_GET_SEALS shows it) but write and new writable mappings still work");
SEAL_NOT_ENFORCED(seal_seal_not_enforced, F_SEAL_SEAL,
		  "fcntl: F_SEAL_SEAL is recorded (F_GET_SEALS shows it) but further F_ADD_SEALS still succeed");
SEAL_NOT_ENFORCED(seal_exec_not_enforced, F_SEAL_EXEC,
		  "fcntl: F_SEAL_EXEC is recorded (F_GET_SEALS shows it) but chmod still changes the execute bits and no write seal comes with it");

/* ---- what F_ADD_SEALS and F_GET_SEALS answer ---- */

static int get_seals_hides_seal_seal(int fd, int cmd, long arg)
{
	int ret = real_fcntl(fd, cmd, arg);

	return cmd == F_GET_SEALS && ret != -1 ? ret & ~F_SEAL_SEAL : ret;
}
MUTANT(get_seals_hides_seal_seal, "fcntl: F_GET_SEALS leaves F_SEAL_SEAL out of its answer",
       .fcntl = get_seals_hides_seal_seal);

static int add_seals_unknown_bits_ignored(int fd, int cmd, long arg)
{
	if (cmd == F_ADD_SEALS)
		arg &= F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_FUTURE_WRITE | F_SEAL_EXEC;
	return real_fcntl(fd, cmd, arg);
}
MUTANT(add_seals_unknown_bits_ignored, "fcntl: F_ADD_SEALS ignores seal bits it does not know",
       .fcntl = add_seals_unknown_bits_ignored);

static int add_seals_read_only_accepted(int fd, int cmd, long arg)
{
	int ret = real_fcntl(fd, cmd, arg), rw;

	if (cmd == F_ADD_SEALS && ret == -1 && errno == EPERM && access_mode(fd) == O_RDONLY && (rw = reopen_rw(fd)) != -1) {
		ret = real_fcntl(rw, cmd, arg);
		real_close(rw);
	}
	return ret;
}
MUTANT(add_seals_read_only_accepted, "fcntl: F_ADD_SEALS through a read-only descriptor seals the file",
       .fcntl = add_seals_read_only_accepted);

static int seals_unsupported_ok(int fd, int cmd, long arg)
{
	int ret = real_fcntl(fd, cmd, arg);

	return (cmd == F_ADD_SEALS || cmd == F_GET_SEALS) && ret == -1 && errno == EINVAL ? 0 : ret;
}
MUTANT(seals_unsupported_ok, "fcntl: F_ADD_SEALS and F_GET_SEALS on a file without sealing (a pipe) return 0",
       .fcntl = seals_unsupported_ok);

/* ---- what the size seals refuse ---- */

static int resize_refused_under_any_seal(int fd, off_t len)
{
	int seals = real_fcntl(fd, F_GET_SEALS, 0);

	if (seals != -1 && (seals & (F_SEAL_GROW | F_SEAL_SHRINK | F_SEAL_WRITE)))
		return errno = EPERM, -1;
	return real_ftruncate(fd, len);
}
MUTANT(resize_refused_under_any_seal, "ftruncate: refused with EPERM under F_SEAL_GROW, F_SEAL_SHRINK or F_SEAL_WRITE, whichever way it resizes",
       .ftruncate = resize_refused_under_any_seal);

/* ---- memfd_secret() ---- */

static int secret_is_plain_memfd(unsigned int flags)
{
	if (flags & ~(unsigned int)O_CLOEXEC)
		return errno = EINVAL, -1;
	return real_memfd_create("secretmem", flags & O_CLOEXEC ? MFD_CLOEXEC : 0);
}
MUTANT(secret_is_plain_memfd, "memfd_secret: the file is an ordinary memory file (in the kernel's direct map, not locked)",
       .memfd_secret = secret_is_plain_memfd);

static int secret_cloexec_ignored(unsigned int flags)
{
	return real_memfd_secret(flags & ~(unsigned int)O_CLOEXEC);
}
MUTANT(secret_cloexec_ignored, "memfd_secret: O_CLOEXEC leaves FD_CLOEXEC clear", .memfd_secret = secret_cloexec_ignored);

static int secret_flags_unchecked(unsigned int flags)
{
	return real_memfd_secret(flags & (unsigned int)O_CLOEXEC);
}
MUTANT(secret_flags_unchecked, "memfd_secret: unknown flag bits are ignored", .memfd_secret = secret_flags_unchecked);

/*
 * Secret memory kept per address space: a mapping of the file made by a
 * process other than the one that created it gets fresh zero pages.
 */
static pid_t secret_creator;
static int secret_fd = -1;

static int secret_per_process_create(unsigned int flags)
{
	int fd = real_memfd_secret(flags);

	if (fd != -1) {
		secret_creator = getpid();
		secret_fd = fd;
	}
	return fd;
}

static void *secret_per_process_map(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	if (fd != -1 && fd == secret_fd && getpid() != secret_creator)
		return real_mmap(addr, len, prot, (flags & ~MAP_SHARED) | MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	return real_mmap(addr, len, prot, flags, fd, off);
}
MUTANT(secret_per_process, "memfd_secret: another process's mapping of the same file sees fresh zero pages, not the file's",
       .memfd_secret = secret_per_process_create, .mmap = secret_per_process_map);

/* What Linux did before 4.16: hugetlb memfds could not be sealed. */
static int memfd_hugetlb_unsealable(const char *name, unsigned int flags)
{
	if ((flags & MFD_HUGETLB) && (flags & MFD_ALLOW_SEALING))
		return errno = EINVAL, -1;
	return real_memfd_create(name, flags);
}
MUTANT(memfd_hugetlb_unsealable, "memfd_create: MFD_HUGETLB together with MFD_ALLOW_SEALING is refused with EINVAL",
       .memfd_create = memfd_hugetlb_unsealable);

static int add_seals_repeat_refused(int fd, int cmd, long arg)
{
	int seals;

	if (cmd == F_ADD_SEALS && (seals = real_fcntl(fd, F_GET_SEALS, 0)) != -1 && (arg & seals))
		return errno = EPERM, -1;
	return real_fcntl(fd, cmd, arg);
}
MUTANT(add_seals_repeat_refused, "fcntl: F_ADD_SEALS with a seal the file already has fails with EPERM",
       .fcntl = add_seals_repeat_refused);

static int secret_emfile_as_enfile(unsigned int flags)
{
	int fd = real_memfd_secret(flags);

	if (fd == -1 && errno == EMFILE)
		errno = ENFILE;
	return fd;
}
MUTANT(secret_emfile_as_enfile, "memfd_secret: the per-process descriptor limit reports ENFILE instead of EMFILE",
       .memfd_secret = secret_emfile_as_enfile);

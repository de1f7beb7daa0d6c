/*
 * Mutants of what vm.memfd_noexec does to memfd_create(): the two ways Linux
 * itself once fell short of Documentation/userspace-api/mfd_noexec.rst.
 * Where the kernel refuses a file the bug would have made, the injector can
 * only hand back one made as with MFD_NOEXEC_SEAL: the call succeeds, which
 * is what the cases check.
 */
#include "inject.h"

/* Linux 6.3's check looked at calls with neither flag only: MFD_EXEC went through at 2. */
static int memfd_enforced_exec_accepted(const char *name, unsigned int flags)
{
	int fd = real_memfd_create(name, flags);

	if (fd == -1 && errno == EACCES && (flags & MFD_EXEC))
		return real_memfd_create(name, (flags & ~MFD_EXEC) | MFD_NOEXEC_SEAL);
	return fd;
}
MUTANT(memfd_noexec_enforced_exec_accepted, "memfd_create: at vm.memfd_noexec 2 a call with MFD_EXEC is not refused",
       .memfd_create = memfd_enforced_exec_accepted);

/* The value this process's namespace has now (the strictest on the way to the root, as /proc reports it), or -1. */
static int memfd_noexec_now(void)
{
	char text[16] = "";
	int fd = open("/proc/sys/vm/memfd_noexec", O_RDONLY | O_CLOEXEC);
	ssize_t n = fd == -1 ? -1 : real_read(fd, text, sizeof(text) - 1);

	if (fd != -1)
		real_close(fd);
	return n > 0 ? atoi(text) : -1;
}

/*
 * Linux before 6.6: a namespace kept the value it was given, and a parent's
 * later raise did not reach it.  Emulated per process: the value at its first
 * memfd_create() stays the one that counts.
 */
static int first_value = -1;

static int memfd_noexec_first_value_kept(const char *name, unsigned int flags)
{
	int fd, saved;

	if (first_value == -1)
		first_value = memfd_noexec_now();
	fd = real_memfd_create(name, flags);
	saved = errno;
	if (fd == -1 && saved == EACCES && first_value >= 0 && first_value < 2)
		return real_memfd_create(name, (flags & ~MFD_EXEC) | MFD_NOEXEC_SEAL);
	errno = saved;
	return fd;
}

static pid_t memfd_noexec_fork(void)
{
	pid_t pid = real_fork();

	if (pid == 0)
		first_value = -1;	/* a new process: its own first call */
	return pid;
}
MUTANT(memfd_noexec_not_hierarchical,
       "memfd_create: a pid namespace keeps the vm.memfd_noexec it had; a parent namespace raised later does not reach it",
       .memfd_create = memfd_noexec_first_value_kept, .fork = memfd_noexec_fork);

/*
 * inject.c: a fault injector for mmapcheck's own verdicts.  Loaded with
 * LD_PRELOAD into a case binary (never into the runner), it makes the case
 * see a plausibly buggy kernel or C library: one documented claim broken at a
 * time, chosen by MMAPCHECK_MUTANT=<name>.  MMAPCHECK_MUTANT=--list prints
 * the mutants, --replaces the functions each replaces, --syscalled the
 * functions cases call through syscall().  tests/mutants/run.py (make
 * mutants) runs the suite once per mutant; every mutant must turn at least
 * one passing case into a failing one.
 *
 * This file interposes the functions and dispatches to the active mutant; the
 * mutants themselves are in the other files here (see inject.h for how one is
 * written).  It interposes the C library's functions, so cases must call
 * those (mmap(), not syscall(SYS_mmap)) wherever the claim is about the
 * documented interface; calls newer than the C library are made through
 * syscall() by number (harness/mc_linux_calls.h), which it interposes too.
 * Linux and glibc only: a test tool, not part of the portable harness.
 */
#include "inject.h"

extern const struct mutant __start_mutants[], __stop_mutants[];
static const struct mutant none = { .name = "none", .bug = "" };
static const struct mutant *active = &none;

/* Names on the command line use dashes; the C names use underscores. */
static int same_name(const char *dashed, const char *c_name)
{
	for (; *dashed && *c_name; dashed++, c_name++)
		if (*dashed != (*c_name == '_' ? '-' : *c_name))
			return 0;
	return *dashed == *c_name;
}

/* The functions a mutant replaces, for run.py to run it only on the cases that call one. */
#define PRINT_IF_REPLACED(ret, fn, params, args) if (m->fn) printf(" %s", #fn);
static void print_replaced(const struct mutant *m)
{
	const char *c;

	for (c = m->name; *c; c++)
		putchar(*c == '_' ? '-' : *c);
	putchar('\t');
	INTERPOSED(PRINT_IF_REPLACED)
	SYSCALLED(PRINT_IF_REPLACED)
	if (m->mremap)
		printf(" mremap");
	if (m->fcntl)
		printf(" fcntl");
	if (m->free)
		printf(" free");
	putchar('\n');
}

#define PRINT_NAME(ret, fn, params, args) puts(#fn);

__attribute__((constructor)) static void choose_mutant(void)
{
	const char *want = getenv("MMAPCHECK_MUTANT");
	const struct mutant *m;

	if (!want)
		return;
	if (strcmp(want, "--syscalled") == 0) {	/* the functions cases reach through syscall() */
		SYSCALLED(PRINT_NAME)
		puts("pkey_mprotect");
		exit(0);
	}
	if (strcmp(want, "--replaces") == 0) {
		for (m = __start_mutants; m < __stop_mutants; m++)
			print_replaced(m);
		exit(0);
	}
	for (m = __start_mutants; m < __stop_mutants; m++) {
		if (strcmp(want, "--list") == 0) {
			const char *c;

			for (c = m->name; *c; c++)
				putchar(*c == '_' ? '-' : *c);
			printf("\t%s\n", m->bug);
		} else if (same_name(want, m->name)) {
			active = m;
		}
	}
	if (strcmp(want, "--list") == 0)
		exit(0);
	if (active == &none) {
		fprintf(stderr, "inject: unknown mutant '%s'\n", want);
		_exit(99);
	}
}

/* The C library's function, found once (dlsym may allocate: not for free()). */
#define RESOLVE(fn) static __typeof__(real_##fn) *next; \
	if (!next) next = (__typeof__(real_##fn) *)dlsym(RTLD_NEXT, #fn)

#define DEFINE_INTERPOSER(ret, fn, params, args) \
	ret real_##fn params { RESOLVE(fn); return next args; } \
	ret fn params { return active->fn ? active->fn args : real_##fn args; }
INTERPOSED(DEFINE_INTERPOSER)

void *real_mremap(void *old, size_t old_len, size_t new_len, int flags, void *new_addr)
{
	RESOLVE(mremap);
	return next(old, old_len, new_len, flags, new_addr);
}

void *mremap(void *old, size_t old_len, size_t new_len, int flags, ...)
{
	void *new_addr = NULL;
	va_list ap;

	va_start(ap, flags);
	if (flags & MREMAP_FIXED)
		new_addr = va_arg(ap, void *);
	va_end(ap);
	return (active->mremap ? active->mremap : real_mremap)(old, old_len, new_len, flags, new_addr);
}

int real_fcntl(int fd, int cmd, long arg)
{
	RESOLVE(fcntl);
	return next(fd, cmd, arg);
}

int fcntl(int fd, int cmd, ...)
{
	long arg;
	va_list ap;

	va_start(ap, cmd);
	arg = va_arg(ap, long);	/* every fcntl argument fits a long on Linux's ABIs */
	va_end(ap);
	return (active->fcntl ? active->fcntl : real_fcntl)(fd, cmd, arg);
}

long real_syscall(long number, long a0, long a1, long a2, long a3, long a4, long a5)
{
	RESOLVE(syscall);
	return next(number, a0, a1, a2, a3, a4, a5);
}

/* The real call of each syscall()-made function, for a replacement to call. */
#define DEFINE_SYSCALL_REAL(ret, fn, params, args) \
	ret real_##fn params { long a[6] = { 0 }; SYSCALL_ARGS_##fn; return (ret)real_syscall(SYS_##fn, a[0], a[1], a[2], a[3], a[4], a[5]); }
#define SYSCALL_ARGS_mseal a[0] = (long)addr, a[1] = (long)len, a[2] = (long)flags
#define SYSCALL_ARGS_process_madvise a[0] = pidfd, a[1] = (long)iov, a[2] = (long)vlen, a[3] = advice, a[4] = flags
#define SYSCALL_ARGS_memfd_secret a[0] = flags
#define SYSCALL_ARGS_cachestat a[0] = fd, a[1] = (long)range, a[2] = (long)cstat, a[3] = flags
#define SYSCALL_ARGS_map_shadow_stack a[0] = (long)addr, a[1] = (long)size, a[2] = flags
#define SYSCALL_ARGS_pkey_alloc a[0] = flags, a[1] = rights
#define SYSCALL_ARGS_pkey_free a[0] = pkey
SYSCALLED(DEFINE_SYSCALL_REAL)

/*
 * syscall() reads six arguments whatever the number: on Linux's ABIs the
 * unused ones are whatever the registers held, as for the kernel itself.
 */
#define DISPATCH_SYSCALL(ret, fn, params, args) \
	if (number == SYS_##fn && active->fn) \
		return (long)active->fn args;
long syscall(long number, ...)
{
	long a[6];
	va_list ap;
	int i;

	va_start(ap, number);
	for (i = 0; i < 6; i++)
		a[i] = va_arg(ap, long);
	va_end(ap);
	SYSCALLED(DISPATCH_SYSCALL)
	if (number == SYS_pkey_mprotect && active->pkey_mprotect)
		return active->pkey_mprotect((void *)a[0], (size_t)a[1], (int)a[2], (int)a[3]);
	return real_syscall(number, a[0], a[1], a[2], a[3], a[4], a[5]);
}

/* glibc's own entry point: dlsym() may itself call free(). */
extern void __libc_free(void *p);
void real_free(void *p) { __libc_free(p); }
void free(void *p) { (active->free ? active->free : real_free)(p); }

size_t page(void) { return (size_t)real_sysconf(_SC_PAGESIZE); }
int access_mode(int fd) { int fl = real_fcntl(fd, F_GETFL, 0); return fl == -1 ? -1 : fl & O_ACCMODE; }
int is_file(int flags, int fd) { return !(flags & MAP_ANONYMOUS) && fd >= 0; }

int reopen_rw(int fd)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	return open(path, O_RDWR);
}

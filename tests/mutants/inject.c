/*
 * inject.c: a fault injector for mmapcheck's own verdicts.  Loaded with
 * LD_PRELOAD into a case binary (never into the runner), it makes the case
 * see a plausibly buggy kernel or C library: one documented claim broken at a
 * time, chosen by MMAPCHECK_MUTANT=<name>.  MMAPCHECK_MUTANT=--list prints
 * the mutants, MMAPCHECK_MUTANT=--replaces the functions each replaces.  tests/mutants/run.py (make mutants) runs the suite once per
 * mutant; every mutant must turn at least one passing case into a failing one.
 *
 * This file interposes the functions and dispatches to the active mutant; the
 * mutants themselves are in the other files here (see inject.h for how one is
 * written).  It interposes the C library's functions, so cases must call
 * those (mmap(), not syscall(SYS_mmap)) wherever the claim is about the
 * documented interface.  Linux and glibc only: a test tool, not part of the
 * portable harness.
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
	if (m->mremap)
		printf(" mremap");
	if (m->fcntl)
		printf(" fcntl");
	if (m->free)
		printf(" free");
	putchar('\n');
}

__attribute__((constructor)) static void choose_mutant(void)
{
	const char *want = getenv("MMAPCHECK_MUTANT");
	const struct mutant *m;

	if (!want)
		return;
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

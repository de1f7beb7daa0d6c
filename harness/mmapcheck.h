/*
 * mmapcheck.h: claim helpers for mmapcheck cases, built only on the
 * kselftest.h interface (ours in harness/ksft/, or the kernel's with
 * `make KSFT_DIR=...`).  It selects no feature macros: a case that needs an
 * interface beyond POSIX.1-2008 defines the macro itself, first thing after
 * its header comment (`#define _GNU_SOURCE`, commented with what for),
 * and builds with `-std=c11 -D_POSIX_C_SOURCE=200809L` plus only that
 * (`make portcheck`).
 *
 * A case checks one claim and reports one result:
 *   pass    every mc_check() held              (exit 0)
 *   fail    a check did not hold               (exit 1)
 *   skip    mc_skip(reason): does not apply    (exit 4)
 *   broken  mc_broken()/SAFE*(): set-up failed (an "error" result, exit 1)
 * What the case saw goes on "# observed: key=value" lines, so that platforms
 * can be compared on what they did, not only on the verdict.
 *
 * This file holds the results, checks, checked set-up and temp files; the
 * rest is in headers it includes, by concern: mc_names.h (errno and signal
 * names), mc_system.h (/proc, maps, smaps, residency), mc_privilege.h
 * (capabilities, RLIMIT_MEMLOCK), mc_settings.h (opt-in system settings, huge
 * pages), mc_process.h (children, turns, fault probes), mc_shm.h (shared
 * memory object names).
 *
 * Portable to Linux (glibc, musl), the BSDs and macOS: a Linux-only header or
 * interface only under #ifdef __linux__; cases guard Linux-only flags
 * themselves and skip with a reason.
 */
#ifndef MMAPCHECK_H
#define MMAPCHECK_H

#include <sys/types.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kselftest.h"

/* The older BSD spelling; strict glibc shows neither (a case asks _DEFAULT_SOURCE). */
#if !defined(MAP_ANONYMOUS) && defined(MAP_ANON)
#define MAP_ANONYMOUS MAP_ANON
#endif

/* MAP_FIXED_NOREPLACE is FreeBSD's MAP_FIXED|MAP_EXCL; a case records the
 * spelling used with mc_observe("spelling", MC_NOREPLACE_SPELLING). */
#if defined(MAP_FIXED_NOREPLACE)
#define MC_NOREPLACE_SPELLING "MAP_FIXED_NOREPLACE"
#elif defined(MAP_EXCL)
#define MAP_FIXED_NOREPLACE (MAP_FIXED | MAP_EXCL)
#define MC_NOREPLACE_SPELLING "MAP_FIXED|MAP_EXCL"
#endif

/*
 * Linux interfaces the harness uses that glibc and musl declare only beyond
 * strict POSIX (_DEFAULT_SOURCE): every Linux C library has them, so the
 * harness declares them itself instead of choosing the case's feature macros.
 */
#ifdef __linux__
long syscall(long number, ...);
int mincore(void *addr, size_t length, unsigned char *vec);
#endif

#if defined(__GNUC__) || defined(__clang__)
#define MC_NORETURN __attribute__((noreturn))
#else
#define MC_NORETURN
#endif

/*
 * Exit code of a helper child whose own set-up broke.  A forked child may use
 * SAFE() (it exits with this code); an exec'd helper never called mc_begin(),
 * so it must not print to stdout: it reports with _exit(MC_CHILD_BROKEN).
 */
#define MC_CHILD_BROKEN 125
#define MC_MAX_FILES 16

static struct {
	char id[256];
	pid_t owner;		/* only this process prints the result */
	int failed;
	char dir[1024];		/* private temp directory, made on first use */
	char files[MC_MAX_FILES][PATH_MAX];
	int nfiles;
} mc;

#include "mc_names.h"

/* ---- results ---- */

static inline int mc_is_owner(void) { return getpid() == mc.owner; }

static inline void mc_cleanup_(void)
{
	int i;

	if (!mc_is_owner())
		return;
	for (i = 0; i < mc.nfiles; i++)
		unlink(mc.files[i]);
	if (mc.dir[0])
		rmdir(mc.dir);
}

#define mc_begin() mc_begin_(__FILE__)
/* The case id is the source path below cases/, without ".c". */
static inline void mc_begin_(const char *file)
{
	const char *p, *start = file;
	size_t n;

	for (p = file; (p = strstr(p, "cases/")) != NULL; p++)
		start = p + strlen("cases/");
	n = strlen(start);
	if (n > 2 && strcmp(start + n - 2, ".c") == 0)
		n -= 2;
	snprintf(mc.id, sizeof(mc.id), "%.*s", (int)n, start);
	mc.owner = getpid();
	/* Line-buffered: nothing half-written is lost in a crash or copied by fork. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	atexit(mc_cleanup_);
	ksft_print_header();
	ksft_set_plan(1);
}

static inline void mc_vmsg_(const char *prefix, const char *fmt, va_list ap)
{
	char buf[1024];

	vsnprintf(buf, sizeof(buf), fmt, ap);
	ksft_print_msg("%s%s\n", prefix, buf);
}

/* A diagnostic line for the report ("# ..."). */
static inline void mc_note(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	mc_vmsg_("", fmt, ap);
	va_end(ap);
}

/* One "# observed: key=value" token; the value must not contain spaces. */
static inline void mc_observe(const char *key, const char *fmt, ...)
{
	char value[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(value, sizeof(value), fmt, ap);
	va_end(ap);
	ksft_print_msg("observed: %s=%s\n", key, value);
}

static inline int mc_finish(void)
{
	if (mc.failed) {
		ksft_test_result_fail("%s\n", mc.id);
		return ksft_exit_fail();
	}
	ksft_test_result_pass("%s\n", mc.id);
	return ksft_exit_pass();
}

MC_NORETURN static inline void mc_skip(const char *fmt, ...)
{
	char reason[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	ksft_test_result_skip("%s\n", reason);
	ksft_print_cnts();
	exit(KSFT_SKIP);
}

#define mc_broken(...) mc_broken_(__FILE__, __LINE__, __VA_ARGS__)
MC_NORETURN static inline void mc_broken_(const char *file, int line, const char *fmt, ...)
{
	char reason[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	ksft_print_msg("%s:%d: broken: %s\n", file, line, reason);
	if (!mc_is_owner())
		_exit(MC_CHILD_BROKEN);
	if (mc.failed)	/* the claim was already seen broken: that is the result */
		mc_finish();
	ksft_test_result_error("%s\n", reason);
	ksft_exit_fail();
	exit(KSFT_FAIL);	/* the kernel's ksft_exit_fail() is not declared noreturn */
}

/* A non-fatal check of the claim; returns the condition. */
#define mc_check(cond, ...) mc_check_(!!(cond), __FILE__, __LINE__, __VA_ARGS__)
static inline int mc_check_(int ok, const char *file, int line, const char *fmt, ...)
{
	char what[512];
	va_list ap;

	if (ok)
		return 1;
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	ksft_print_msg("%s:%d: check failed: %s\n", file, line, what);
	mc.failed++;
	return 0;
}

/* ---- checked set-up: a failure is "broken", with the call's text ---- */

static inline long mc_safe_(long ret, const char *call, const char *file, int line)
{
	if (ret == -1)
		mc_broken_(file, line, "%s failed: %s", call, mc_errno_name(errno));
	return ret;
}

static inline void *mc_safe_map_(void *p, const char *call, const char *file, int line)
{
	if (p == MAP_FAILED)
		mc_broken_(file, line, "%s failed: %s", call, mc_errno_name(errno));
	return p;
}

/* Any call that returns -1 on error: int fd = SAFE(open(path, O_RDWR)); */
#define SAFE(call) mc_safe_((long)(call), #call, __FILE__, __LINE__)
#define SAFE_MMAP(...) mc_safe_map_(mmap(__VA_ARGS__), "mmap(" #__VA_ARGS__ ")", __FILE__, __LINE__)

/* ---- claims about a call's result ---- */

/* got: the call's errno if it failed, 0 if it succeeded. */
static inline int mc_expect_errno_(int got, int want, const char *call,
				   const char *file, int line)
{
	mc_observe("errno", "%s", mc_errno_name(got));
	return mc_check_(got == want, file, line, "%s: expected %s%s, got %s",
			 call, want ? "failure with " : "success",
			 want ? mc_errno_name(want) : "", got ? mc_errno_name(got) : "success");
}

/*
 * The call (returning -1 on error) fails with errno `want` (0: succeeds).
 * The ?: orders the call before errno is read; a function argument would not.
 */
#define MC_EXPECT_ERRNO(call, want) \
	mc_expect_errno_((long)(call) == -1 ? errno : 0, want, #call, __FILE__, __LINE__)
/* The same for mmap(), which fails with MAP_FAILED. */
#define MC_EXPECT_MAP_ERRNO(call, want) \
	mc_expect_errno_((call) == MAP_FAILED ? errno : 0, want, #call, __FILE__, __LINE__)

/* The claim about an errno seen elsewhere, e.g. a probe child's .value (0: success). */
#define mc_expect_errno(got, want, what) mc_expect_errno_(got, want, what, __FILE__, __LINE__)

/* The claim is that this mmap() succeeds; if it does not, the case fails here. */
#define MC_EXPECT_MAP(...) mc_expect_map_(mmap(__VA_ARGS__), "mmap(" #__VA_ARGS__ ")", __FILE__, __LINE__)
static inline void *mc_expect_map_(void *p, const char *call, const char *file, int line)
{
	if (p == MAP_FAILED) {
		mc_expect_errno_(errno, 0, call, file, line);
		mc_finish();
	}
	mc_observe("errno", "0");
	return p;
}

/* ---- files in a private directory, removed at exit ---- */

static inline const char *mc_path(const char *name)
{
	char *path;

	if (!mc.dir[0]) {
		const char *tmp = getenv("TMPDIR");

		snprintf(mc.dir, sizeof(mc.dir), "%s/mmapcheck.XXXXXX",
			 tmp && *tmp ? tmp : "/tmp");
		if (!mkdtemp(mc.dir)) {
			mc.dir[0] = '\0';
			mc_broken("mkdtemp() in %s failed: %s", tmp ? tmp : "/tmp",
				  mc_errno_name(errno));
		}
	}
	if (mc.nfiles == MC_MAX_FILES)
		mc_broken("more than %d temp files", MC_MAX_FILES);
	path = mc.files[mc.nfiles++];
	snprintf(path, PATH_MAX, "%s/%s", mc.dir, name);
	return path;
}

/* Creates the file `name` with `size` bytes of `fill`; returns its path. */
static inline const char *mc_file(const char *name, size_t size, int fill)
{
	const char *path = mc_path(name);
	int fd = (int)SAFE(open(path, O_RDWR | O_CREAT | O_TRUNC, 0600));
	char buf[4096];

	memset(buf, fill, sizeof(buf));
	while (size > 0) {
		size_t n = size < sizeof(buf) ? size : sizeof(buf);

		if (write(fd, buf, n) != (ssize_t)n)
			mc_broken("write(%s, %zu) failed: %s", path, n, mc_errno_name(errno));
		size -= n;
	}
	SAFE(close(fd));
	return path;
}

static inline size_t mc_page_size(void)
{
	return (size_t)sysconf(_SC_PAGESIZE);
}

/* ---- the rest of the harness, by concern ---- */

#include "mc_system.h"
#include "mc_privilege.h"
#include "mc_process.h"
#include "mc_settings.h"	/* uses mc_fork() */
#include "mc_shm.h"
#include "mc_linux_calls.h"

#endif /* MMAPCHECK_H */

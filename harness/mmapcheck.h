/*
 * mmapcheck.h: claim helpers for mmapcheck cases, built only on the
 * kselftest.h interface (ours in harness/ksft/, or the kernel's with
 * `make KSFT_DIR=...`).  Include it first: it selects the feature macros.
 *
 * A case checks one claim and reports one result:
 *   pass    every mc_check() held              (exit 0)
 *   fail    a check did not hold               (exit 1)
 *   skip    mc_skip(reason): does not apply    (exit 4)
 *   broken  mc_broken()/SAFE*(): set-up failed (an "error" result, exit 1)
 * What the case saw goes on "# observed: key=value" lines, so that platforms
 * can be compared on what they did, not only on the verdict.
 *
 * Portable to Linux (glibc, musl), the BSDs and macOS: no Linux-only header
 * here; cases guard Linux-only flags themselves and skip with a reason.
 */
#ifndef MMAPCHECK_H
#define MMAPCHECK_H

#if defined(__linux__) && !defined(_GNU_SOURCE)
#define _GNU_SOURCE	/* MAP_POPULATE, MAP_LOCKED, ... */
#endif

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

#if !defined(MAP_ANONYMOUS) && defined(MAP_ANON)
#define MAP_ANONYMOUS MAP_ANON
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

/* ---- names, so that platforms with other numbers compare by name ---- */

struct mc_name { int value; const char *name; };
#define MC_NAME(x) { x, #x }

static inline const char *mc_lookup_(const struct mc_name *t, size_t n, int v,
				     const char *fallback_prefix)
{
	static char buf[32];
	size_t i;

	for (i = 0; i < n; i++)
		if (t[i].value == v)
			return t[i].name;
	snprintf(buf, sizeof(buf), "%s%d", fallback_prefix, v);
	return buf;
}

static inline const char *mc_errno_name(int e)
{
	static const struct mc_name names[] = {
		{ 0, "0" },
		MC_NAME(EPERM), MC_NAME(ENOENT), MC_NAME(ESRCH), MC_NAME(EINTR),
		MC_NAME(EIO), MC_NAME(ENXIO), MC_NAME(E2BIG), MC_NAME(ENOEXEC),
		MC_NAME(EBADF), MC_NAME(ECHILD), MC_NAME(EAGAIN), MC_NAME(ENOMEM),
		MC_NAME(EACCES), MC_NAME(EFAULT), MC_NAME(EBUSY), MC_NAME(EEXIST),
		MC_NAME(EXDEV), MC_NAME(ENODEV), MC_NAME(ENOTDIR), MC_NAME(EISDIR),
		MC_NAME(EINVAL), MC_NAME(ENFILE), MC_NAME(EMFILE), MC_NAME(ENOTTY),
		MC_NAME(ETXTBSY), MC_NAME(EFBIG), MC_NAME(ENOSPC), MC_NAME(ESPIPE),
		MC_NAME(EROFS), MC_NAME(EMLINK), MC_NAME(EPIPE), MC_NAME(EDOM),
		MC_NAME(ERANGE), MC_NAME(EDEADLK), MC_NAME(ENAMETOOLONG),
		MC_NAME(ENOLCK), MC_NAME(ENOSYS), MC_NAME(ENOTEMPTY), MC_NAME(ELOOP),
		MC_NAME(EOVERFLOW), MC_NAME(EOPNOTSUPP), MC_NAME(ENOTSUP),
		MC_NAME(ETIMEDOUT),
	};
	return mc_lookup_(names, ARRAY_SIZE(names), e, "errno");
}

static inline const char *mc_signal_name(int sig)
{
	static const struct mc_name names[] = {
		{ 0, "none" },
		MC_NAME(SIGHUP), MC_NAME(SIGINT), MC_NAME(SIGQUIT), MC_NAME(SIGILL),
		MC_NAME(SIGTRAP), MC_NAME(SIGABRT), MC_NAME(SIGBUS), MC_NAME(SIGFPE),
		MC_NAME(SIGKILL), MC_NAME(SIGUSR1), MC_NAME(SIGSEGV),
		MC_NAME(SIGUSR2), MC_NAME(SIGPIPE), MC_NAME(SIGALRM),
		MC_NAME(SIGTERM), MC_NAME(SIGCHLD), MC_NAME(SIGSYS),
	};
	return mc_lookup_(names, ARRAY_SIZE(names), sig, "SIG");
}

static inline const char *mc_code_name(int sig, int code)
{
	static const struct mc_name segv[] = {
		MC_NAME(SEGV_MAPERR), MC_NAME(SEGV_ACCERR),
#ifdef SEGV_BNDERR
		MC_NAME(SEGV_BNDERR),
#endif
#ifdef SEGV_PKUERR
		MC_NAME(SEGV_PKUERR),
#endif
	};
	static const struct mc_name bus[] = {
		MC_NAME(BUS_ADRALN), MC_NAME(BUS_ADRERR), MC_NAME(BUS_OBJERR),
#ifdef BUS_MCEERR_AR
		MC_NAME(BUS_MCEERR_AR),
#endif
	};
	static const struct mc_name any[] = {
		MC_NAME(SI_USER), MC_NAME(SI_QUEUE),
#ifdef SI_KERNEL
		MC_NAME(SI_KERNEL),
#endif
#ifdef SI_TKILL
		MC_NAME(SI_TKILL),
#endif
	};
	if (sig == SIGSEGV && code > 0)
		return mc_lookup_(segv, ARRAY_SIZE(segv), code, "code");
	if (sig == SIGBUS && code > 0)
		return mc_lookup_(bus, ARRAY_SIZE(bus), code, "code");
	return mc_lookup_(any, ARRAY_SIZE(any), code, "code");
}

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

/* ---- what the system reports ---- */

/*
 * The number after "key:" in a "Key: value" file such as /proc/meminfo or
 * /proc/self/status, or -1 where the file or the key does not exist (other
 * systems, other kernels): cases detect such features at run time.
 */
static inline long long mc_proc_number(const char *path, const char *key)
{
	FILE *f = fopen(path, "r");
	size_t n = strlen(key);
	long long v = -1;
	char line[256];

	while (f && fgets(line, sizeof(line), f))
		if (strncmp(line, key, n) == 0 && line[n] == ':')
			v = strtoll(line + n + 1, NULL, 10);
	if (f)
		fclose(f);
	return v;
}

/*
 * The number a file of one number holds, such as a /proc/sys setting
 * (vm.max_map_count; mc_proc_number() reads "Key: value" files), or -1 with
 * errno where it cannot be opened: cases skip where the setting does not
 * exist.  Broken if it holds no number.  For settings that are never negative.
 */
static inline long long mc_setting_number(const char *path)
{
	FILE *f = fopen(path, "r");
	long long v;
	int n;

	if (!f)
		return -1;
	n = fscanf(f, "%lld", &v);
	fclose(f);
	if (n != 1)
		mc_broken("%s holds no number", path);
	return v;
}

/*
 * The whole of a /proc file in a static buffer (valid until the next call),
 * or NULL with errno where it cannot be read.  Read with open()/read(), never
 * stdio: stdio would allocate its buffer, and a C library's allocator (musl's)
 * may map it into the very hole or region a case observes.
 */
static inline const char *mc_proc_text_(const char *path)
{
	static char text[1 << 18];
	ssize_t n, got = 0;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return NULL;
	while (got < (ssize_t)sizeof(text) - 1 &&
	       (n = read(fd, text + got, sizeof(text) - 1 - (size_t)got)) > 0)
		got += n;
	close(fd);
	if (got == (ssize_t)sizeof(text) - 1)
		mc_broken("%s is larger than the %zu bytes read", path, sizeof(text) - 1);
	text[got] = '\0';
	return text;
}

/* fgets() over such a text: the line at *pos into buf, *pos past it; 0 at the end. */
static inline int mc_text_line_(const char **pos, char *buf, size_t size)
{
	size_t n = strcspn(*pos, "\n");

	if (!**pos)
		return 0;
	n += (*pos)[n] == '\n';
	snprintf(buf, size, "%.*s", (int)n, *pos);
	*pos += n;
	return 1;
}

/* A maps/smaps line that starts an area ("start-end perms ..."): its range. */
static inline int mc_area_line_(const char *line, unsigned long *start, unsigned long *end)
{
	return sscanf(line, "%lx-%lx ", start, end) == 2 && strchr(line, '-') < strchr(line, ' ');
}

/*
 * The /proc/self/maps line whose range holds addr: its start, end and perms
 * ("rw-p"); 1 if found, 0 if no line holds addr (start, end, perms untouched).
 * Skips where the file is missing (FreeBSD would use procstat -v /
 * kinfo_getvmmap(3), macOS vmmap(1)).  Allocates nothing (mc_proc_text_).
 */
static inline int mc_maps_entry(const void *addr, uintptr_t *start, uintptr_t *end, char perms[5])
{
	const char *pos = mc_proc_text_("/proc/self/maps");
	unsigned long s, e;
	char line[512], p[5];

	if (!pos)
		mc_skip("/proc/self/maps cannot be read here (%s)", mc_errno_name(errno));
	while (mc_text_line_(&pos, line, sizeof(line)))
		if (sscanf(line, "%lx-%lx %4s", &s, &e, p) == 3 && s <= (uintptr_t)addr && (uintptr_t)addr < e) {
			*start = s, *end = e;
			memcpy(perms, p, sizeof(p));
			return 1;
		}
	return 0;
}

/*
 * The start of the first area /proc/self/maps names `name` (the last field,
 * e.g. "[vvar]"), or NULL: special areas have no address a case could know.
 * Skips where the file is missing, as mc_maps_entry().
 */
static inline void *mc_maps_named(const char *name)
{
	const char *pos = mc_proc_text_("/proc/self/maps");
	size_t n = strlen(name), len;
	unsigned long s, e;
	char line[512];

	if (!pos)
		mc_skip("/proc/self/maps cannot be read here (%s)", mc_errno_name(errno));
	while (mc_text_line_(&pos, line, sizeof(line)))
		if (mc_area_line_(line, &s, &e) && (len = strcspn(line, "\n")) > n &&
		    line[len - n - 1] == ' ' && strncmp(line + len - n, name, n) == 0)
			return (void *)(uintptr_t)s;
	return NULL;
}

/*
 * Where the /proc/self/smaps lines of the area holding addr begin (after its
 * header line), in a text from mc_proc_text_; NULL if no area holds addr.
 */
static inline const char *mc_smaps_area_(const char *pos, const void *addr)
{
	unsigned long s, e;
	char line[512];

	while (pos && mc_text_line_(&pos, line, sizeof(line)))
		if (mc_area_line_(line, &s, &e) && s <= (uintptr_t)addr && (uintptr_t)addr < e)
			return pos;
	return NULL;
}

/*
 * A field of the area holding addr in /proc/self/smaps, in kB ("Rss",
 * "Private_Dirty", "KernelPageSize", ...), or -1 where there is no such file
 * (the BSDs, macOS), area or field: the case says what it cannot observe.
 */
static inline long long mc_smaps_kb(const void *addr, const char *field)
{
	const char *pos = mc_smaps_area_(mc_proc_text_("/proc/self/smaps"), addr);
	size_t n = strlen(field);
	unsigned long s, e;
	char line[512];

	while (pos && mc_text_line_(&pos, line, sizeof(line)) && !mc_area_line_(line, &s, &e))
		if (strncmp(line, field, n) == 0 && line[n] == ':')
			return strtoll(line + n + 1, NULL, 10);
	return -1;
}

/*
 * Whether the VmFlags line of the area holding addr in /proc/self/smaps lists
 * `flag` ("dd", "hg", ...): 1 or 0, or -1 if no area holds addr or it has no
 * VmFlags line (before Linux 3.8).  Skips where smaps cannot be read.
 */
static inline int mc_smaps_has_flag(const void *addr, const char *flag)
{
	const char *text = mc_proc_text_("/proc/self/smaps"), *pos;
	unsigned long s, e;
	char line[512], word[16];

	if (!text)
		mc_skip("/proc/self/smaps is not readable here: %s", mc_errno_name(errno));
	snprintf(word, sizeof(word), " %s", flag);
	pos = mc_smaps_area_(text, addr);
	while (pos && mc_text_line_(&pos, line, sizeof(line)) && !mc_area_line_(line, &s, &e))
		if (strncmp(line, "VmFlags:", 8) == 0)
			return strstr(line, word) != NULL;
	return -1;
}

/* How many pages of [addr, addr+len) are resident (mincore), or -1 with errno. */
static inline long mc_resident_pages(void *addr, size_t len)
{
#ifdef __OpenBSD__
	(void)addr, (void)len;
	errno = ENOSYS;	/* OpenBSD removed mincore() */
	return -1;
#else
	size_t pg = mc_page_size(), i, n = (len + pg - 1) / pg;
	unsigned char *vec = malloc(n ? n : 1);
	long resident = 0;

	if (!vec)
		return -1;
	/* char * on the BSDs and macOS, unsigned char * on Linux */
	if (mincore(addr, len, (void *)vec) != 0) {
		free(vec);
		return -1;
	}
	for (i = 0; i < n; i++)
		resident += vec[i] & 1;
	free(vec);
	return resident;
#endif
}

/*
 * Whether mincore() can say "not resident" here: an untouched anonymous page
 * must read as absent.  Where it does not (gVisor reports every page
 * resident), a claim observed through residency cannot be told apart from
 * its opposite, so the case skips with this reason instead of passing.
 */
static inline void mc_require_residency_observable(void)
{
	size_t pg = mc_page_size();
	void *p = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	long resident;

	if (p == MAP_FAILED)
		mc_broken("mmap() of one control page failed: %s", mc_errno_name(errno));
	resident = mc_resident_pages(p, pg);
	munmap(p, pg);
	if (resident < 0)
		mc_skip("mincore() is not available here (%s)", mc_errno_name(errno));
	if (resident > 0)
		mc_skip("mincore() reports an untouched page resident: residency cannot be observed here");
}

/* ---- the privilege to lock memory ---- */

#define MC_CAP_IPC_LOCK 14	/* Linux's number, for mc_drop_capability() */
#ifdef __linux__
#include <sys/syscall.h>
/* capget()/capset() data, version 3: two 32-bit words per set. */
struct mc_cap_header_ { uint32_t version; int pid; };
struct mc_cap_data_ { uint32_t effective, permitted, inheritable; };
#endif

/*
 * Whether the kernel lets this process lock memory beyond RLIMIT_MEMLOCK.
 * Linux checks the capability CAP_IPC_LOCK in the initial user namespace
 * (capable()), not the uid: root without it is limited, and root of a user
 * namespace (a rootless container) has it only in its own namespace.
 * Elsewhere the privilege is euid 0.
 */
static inline int mc_lock_privileged(void)
{
#ifdef __linux__
	struct mc_cap_header_ h = { 0x20080522, 0 };
	struct mc_cap_data_ d[2];
	unsigned long inside, outside, count;
	FILE *f;
	int initial_ns = 0;

	if (syscall(SYS_capget, &h, d) != 0 || !(d[0].effective & (1u << MC_CAP_IPC_LOCK)))
		return 0;
	/* The initial user namespace maps every uid to itself. */
	if ((f = fopen("/proc/self/uid_map", "r"))) {
		initial_ns = fscanf(f, "%lu %lu %lu", &inside, &outside, &count) == 3 &&
			     inside == 0 && outside == 0 && count == 4294967295UL;
		fclose(f);
	}
	return initial_ns;
#else
	return geteuid() == 0;
#endif
}

/* Linux capability numbers (linux/capability.h), for mc_drop_capability(). */
#define MC_CAP_SYS_RAWIO 17
#define MC_CAP_SYS_ADMIN 21

/*
 * Gives up one capability for good, for claims about a process without it
 * (call it in a child: mc_probe()).  Linux: drops it from the effective,
 * permitted and inheritable sets, keeping the uid, so it works for root, for
 * a process granted the capability, and in a user namespace; broken if it
 * cannot, or if it is still held.  Elsewhere privilege is euid 0: root
 * becomes nobody.
 */
static inline void mc_drop_capability(int cap)
{
#ifdef __linux__
	static const struct mc_name names[] = {
		{ MC_CAP_IPC_LOCK, "CAP_IPC_LOCK" }, { MC_CAP_SYS_RAWIO, "CAP_SYS_RAWIO" },
		{ MC_CAP_SYS_ADMIN, "CAP_SYS_ADMIN" },
	};
	const char *name = mc_lookup_(names, ARRAY_SIZE(names), cap, "capability ");
	struct mc_cap_header_ h = { 0x20080522, 0 };
	struct mc_cap_data_ d[2];
	uint32_t bit = 1u << (cap % 32);

	if (syscall(SYS_capget, &h, d) != 0)
		mc_broken("capget() failed: %s", mc_errno_name(errno));
	d[cap / 32].effective &= ~bit;
	d[cap / 32].permitted &= ~bit;
	d[cap / 32].inheritable &= ~bit;
	if (syscall(SYS_capset, &h, d) != 0)
		mc_broken("capset() without %s failed: %s", name, mc_errno_name(errno));
	if (syscall(SYS_capget, &h, d) != 0 || (d[cap / 32].effective & bit) || (d[cap / 32].permitted & bit))
		mc_broken("%s still held after capset()", name);
#else
	(void)cap;
	if (geteuid() == 0) {
		SAFE(setgid(65534));
		SAFE(setuid(65534));
	}
#endif
}

/*
 * Gives up the privilege to lock memory for good, for claims about an
 * unprivileged process (call it in a child: mc_probe()): CAP_IPC_LOCK on
 * Linux, root elsewhere (mc_drop_capability).  Broken if it cannot.
 */
static inline void mc_drop_lock_privilege(void)
{
	mc_drop_capability(MC_CAP_IPC_LOCK);
	if (mc_lock_privileged())
		mc_broken("still privileged to lock memory after dropping the privilege");
}

/*
 * VmLck, the kB this process has locked, for claims observed through it;
 * skips where /proc/self/status does not show it (the other systems report
 * no per-process locked size).  In a probe child use mc_proc_number().
 */
static inline long long mc_require_vmlck(void)
{
	long long kb = mc_proc_number("/proc/self/status", "VmLck");

	if (kb < 0)
		mc_skip("no VmLck in /proc/self/status: the locked size cannot be observed here");
	return kb;
}

/*
 * Skips unless this process may lock `pages` more pages: RLIMIT_MEMLOCK
 * counts what it has locked already (VmLck, where /proc shows it), and the
 * privilege (mc_lock_privileged) lifts the limit.  Without room the kernel
 * would answer with the limit's error before the one a case checks.
 */
static inline void mc_require_lock_room(size_t pages)
{
	static const char *const words[] = { "no", "one", "two", "three", "four" };
	long long locked = mc_proc_number("/proc/self/status", "VmLck");
	size_t pg = mc_page_size();
	char count[24];
	struct rlimit rl;

	SAFE(getrlimit(RLIMIT_MEMLOCK, &rl));
	if (mc_lock_privileged() || rl.rlim_cur == RLIM_INFINITY ||
	    rl.rlim_cur >= pages * pg + (locked > 0 ? (unsigned long long)locked * 1024 : 0))
		return;
	snprintf(count, sizeof(count), "%zu", pages);
	mc_skip("RLIMIT_MEMLOCK (%llu bytes) leaves less than %s %zu-byte page%s to lock",
		(unsigned long long)rl.rlim_cur, pages < ARRAY_SIZE(words) ? words[pages] : count,
		pg, pages == 1 ? "" : "s");
}

/* ---- system-wide settings: only by opt-in, restored at exit ---- */

static char mc_setting_path_[256], mc_setting_old_[64];

static inline void mc_restore_setting_(void)
{
	FILE *f;

	if (mc_is_owner() && mc_setting_path_[0] && (f = fopen(mc_setting_path_, "w"))) {
		fputs(mc_setting_old_, f);
		fclose(f);
	}
}

/*
 * A case never changes a system-wide setting unless the run opted in
 * (runner.py run --allow-system-changes sets MMAPCHECK_ALLOW_SYSTEM_CHANGES).
 * Then this writes `value` to the setting's file (e.g. /proc/sys/vm/...) and
 * puts the old value back when the case exits.  One setting per case; a case
 * changing a setting another case has changed waits for it to finish.
 * Returns 0, or -1 when not allowed or not possible.
 */
static int mc_setting_lock_ = -1;

/*
 * Cases run in parallel: a case that depends on a system setting (reads it,
 * perhaps changes it, then relies on it) takes this lock on the setting's file
 * first, so that another such case waits until the first has exited and put
 * the setting back; else each could restore or consume the other's value.
 * Held until the process and its children exit; one lock per process (a
 * second call is a no-op).  Returns 0, or -1 where the file cannot be locked.
 */
static inline int mc_lock_setting(const char *path)
{
	if (mc_setting_lock_ >= 0)
		return 0;
	if ((mc_setting_lock_ = open(path, O_RDONLY)) < 0)
		return -1;
	return flock(mc_setting_lock_, LOCK_EX);
}

static inline int mc_change_setting(const char *path, const char *value)
{
	FILE *f;

	if (!getenv("MMAPCHECK_ALLOW_SYSTEM_CHANGES") || mc_setting_path_[0])
		return -1;
	if (mc_lock_setting(path) != 0)
		return -1;
	if (!(f = fopen(path, "r")))
		return -1;
	if (!fgets(mc_setting_old_, sizeof(mc_setting_old_), f)) {
		fclose(f);
		return -1;
	}
	fclose(f);
	if (!(f = fopen(path, "w")))
		return -1;
	snprintf(mc_setting_path_, sizeof(mc_setting_path_), "%s", path);
	atexit(mc_restore_setting_);
	mc_note("changed %s from %.*s to %s for this case", path,
		(int)strcspn(mc_setting_old_, "\n"), mc_setting_old_, value);
	if (fputs(value, f) < 0) {
		fclose(f);
		return -1;
	}
	return fclose(f) == 0 ? 0 : -1;	/* a refused value shows here */
}

/*
 * The default huge page size, once a huge page is free in the pool for this
 * case: reserved by the administrator, or reserved now (and released at exit)
 * when the run allows system changes; else the case skips with the reason.
 * Cases that need the pool take turns (mc_lock_setting).  Linux's pool is in
 * /proc; elsewhere the case skips.
 */
static inline size_t mc_free_huge_page(void)
{
	long long size_kb = mc_proc_number("/proc/meminfo", "Hugepagesize"), nr;
	char more[32];

	mc_lock_setting("/proc/sys/vm/nr_hugepages");
	nr = mc_proc_number("/proc/meminfo", "HugePages_Total");
	if (nr < 0 || size_kb <= 0)
		mc_skip("no huge page pool in /proc/meminfo (no hugetlb support here)");
	mc_observe("nr_hugepages", "%lld", nr);
	if (mc_proc_number("/proc/meminfo", "HugePages_Free") - mc_proc_number("/proc/meminfo", "HugePages_Rsvd") < 1) {
		snprintf(more, sizeof(more), "%lld", nr + 1);
		if (mc_change_setting("/proc/sys/vm/nr_hugepages", more) != 0)
			mc_skip("no free huge page reserved in the pool (nr_hugepages=%lld; "
				"runner.py run --allow-system-changes reserves one)", nr);
		if (mc_proc_number("/proc/meminfo", "HugePages_Free") - mc_proc_number("/proc/meminfo", "HugePages_Rsvd") < 1)
			mc_skip("the kernel could not reserve a huge page (nr_hugepages=%s)", more);
	}
	return (size_t)size_kb * 1024;
}

/* ---- child processes ---- */

/* How a child ended: signo 0 means it exited with exit_code. */
struct mc_status { int signo; int code; int exit_code; int value; };

static inline pid_t mc_fork(void)
{
	fflush(stdout);
	return (pid_t)SAFE(fork());
}

/* Waits for a helper child; broken if it broke, crashed or was lost. */
static inline int mc_wait(pid_t pid)
{
	int st;

	if (waitpid(pid, &st, 0) != pid)
		mc_broken("waitpid(%ld) failed: %s", (long)pid, mc_errno_name(errno));
	if (WIFSIGNALED(st))
		mc_broken("helper child killed by %s", mc_signal_name(WTERMSIG(st)));
	if (WEXITSTATUS(st) == MC_CHILD_BROKEN)
		mc_broken("helper child could not set up");
	return WEXITSTATUS(st);
}

/*
 * A helper child that takes turns with its parent, one byte at a time over
 * two pipes: the synchronisation for claims about what one process sees of
 * another's stores (never sleep()).  Either side may send and receive; if the
 * other side is gone, the parent reports broken and the child exits broken.
 */
struct mc_turns { pid_t pid; int to_child[2], to_parent[2]; };

static inline pid_t mc_turns_fork(struct mc_turns *t)
{
	SAFE(pipe(t->to_child));
	SAFE(pipe(t->to_parent));
	t->pid = mc_fork();
	/* The parent keeps to_child[0] open: a dead child must not mean SIGPIPE. */
	close(t->pid == 0 ? t->to_parent[0] : t->to_parent[1]);	/* EOF, not a hang */
	return t->pid;
}

static inline void mc_turns_send(struct mc_turns *t, unsigned char byte)
{
	if (write(mc_is_owner() ? t->to_child[1] : t->to_parent[1], &byte, 1) != 1)
		mc_broken("write() to the other side failed: %s", mc_errno_name(errno));
}

static inline unsigned char mc_turns_recv(struct mc_turns *t)
{
	unsigned char byte;

	if (read(mc_is_owner() ? t->to_parent[0] : t->to_child[0], &byte, 1) == 1)
		return byte;
	if (!mc_is_owner())
		_exit(MC_CHILD_BROKEN);
	mc_broken("helper child exited with %d before its turn", mc_wait(t->pid));
}

static int mc_probe_fd_ = -1;

/* Reports the fault's signal and si_code to the parent, then dies of it. */
static inline void mc_probe_handler_(int sig, siginfo_t *si, void *uc)
{
	int msg[3] = { 1, sig, si->si_code };
	ssize_t ignored;

	(void)uc;
	ignored = write(mc_probe_fd_, msg, sizeof(msg));
	(void)ignored;
	raise(sig);	/* SA_RESETHAND: delivered on return, with the default action */
}

/*
 * Runs fn(arg) in a child and tells how the child ended: by a signal (with
 * the fault's si_code), or normally with fn's return value in .value.
 */
static inline struct mc_status mc_probe(int (*fn)(void *), void *arg)
{
	struct mc_status res = { 0, 0, 0, 0 };
	int p[2], msg[3] = { 0, 0, 0 }, st;
	pid_t pid;

	SAFE(pipe(p));
	pid = mc_fork();
	if (pid == 0) {
		struct sigaction sa;

		close(p[0]);
		mc_probe_fd_ = p[1];
		memset(&sa, 0, sizeof(sa));
		sa.sa_sigaction = mc_probe_handler_;
		sa.sa_flags = SA_SIGINFO | SA_RESETHAND;
		sigemptyset(&sa.sa_mask);
		sigaction(SIGSEGV, &sa, NULL);
		sigaction(SIGBUS, &sa, NULL);
		msg[1] = fn(arg);
		if (write(p[1], msg, sizeof(msg)) != (ssize_t)sizeof(msg))
			_exit(MC_CHILD_BROKEN);
		_exit(0);
	}
	close(p[1]);
	if (waitpid(pid, &st, 0) != pid)
		mc_broken("waitpid(%ld) failed: %s", (long)pid, mc_errno_name(errno));
	if (read(p[0], msg, sizeof(msg)) != (ssize_t)sizeof(msg))
		msg[0] = -1;
	close(p[0]);
	if (WIFSIGNALED(st)) {
		res.signo = WTERMSIG(st);
		res.code = msg[0] == 1 ? msg[2] : 0;
	} else {
		res.exit_code = WEXITSTATUS(st);
		if (res.exit_code == MC_CHILD_BROKEN)
			mc_broken("probe child could not set up");
		res.value = msg[0] == 0 ? msg[1] : 0;
	}
	return res;
}

static inline int mc_read_byte_(void *addr)
{
	return *(volatile unsigned char *)addr;
}

/* Reads one byte at addr in a child; .value is the byte if no signal came. */
static inline struct mc_status mc_probe_read(const void *addr)
{
	return mc_probe(mc_read_byte_, (void *)(uintptr_t)addr);
}

static inline int mc_write_byte_(void *addr)
{
	*(volatile unsigned char *)addr = 0x5a;
	return 0;
}

/* Stores one byte at addr in a child (the parent's memory is untouched). */
static inline struct mc_status mc_probe_write(void *addr)
{
	return mc_probe(mc_write_byte_, addr);
}

/* "# observed: signal=SIGBUS code=BUS_ADRERR", or "signal=none". */
static inline void mc_observe_status(struct mc_status st)
{
	if (st.signo)
		ksft_print_msg("observed: signal=%s code=%s\n",
			       mc_signal_name(st.signo), mc_code_name(st.signo, st.code));
	else
		ksft_print_msg("observed: signal=none exit=%d\n", st.exit_code);
}

#endif /* MMAPCHECK_H */

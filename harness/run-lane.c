/*
 * run-lane: one of runner.sh's lanes, the loop that runs cases.
 *
 *   run-lane LANE JOBS TIMEOUT_S KEEP WORK DIR  <LIST  3>NOTIFY
 *
 * Runs the cases LANE, LANE + JOBS, ... of LIST (case ids, one a line), each
 * DIR/ID, one at a time, in WORK/laneLANE/cwd, which is also their TMPDIR.
 * For the case in place N of LIST it writes WORK/out.N and WORK/err.N, the
 * first KEEP bytes of its stdout and stderr (past KEEP the pipe is closed, so
 * that the case's next write gets SIGPIPE); WORK/facts.N, one line:
 *
 *   STATUS TIME[ left=processes]
 *
 * (STATUS: the exit status, signal:N or timeout; TIME: seconds, S.SS); and
 * WORK/left.N, the names of the files the case left in its directory, if any
 * (in byte order, bytes other than A-Z a-z 0-9 . _ + - as "?", at most 16 and
 * then "...").  Then it writes "N\n" to fd 3, and empties the directory.
 *
 * Each case runs with stdin /dev/null and a process group of its own, whose
 * id WORK/laneLANE/running holds while it runs.  At TIMEOUT_S seconds (digits,
 * at most 3 decimals) the group is killed; once the case has exited, what is
 * left of its group is killed too (left=processes), and its output is read to
 * its end, for at most TIMEOUT_S more seconds (a process it left outside its
 * group may hold it open; the case is then marked timed out).  A case that
 * cannot be executed exits 127 (not found) or 126, as in the shell, with the
 * reason on its stderr.  A TERM kills the running case's group and ends the
 * lane.  Exit status: 0 at the end of LIST, 2 on a usage error, 1 when the
 * lane cannot go on (the reason on stderr).
 *
 * It is C because under software emulation each fork of a shell costs
 * milliseconds, and a shell loop forked several times per case: here a case
 * costs one fork of a small process and the case's exec.  POSIX only: it is
 * built with the cases on every platform.
 */
#define _XOPEN_SOURCE 700	/* realpath() */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdarg.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_NAMES 16
#ifndef NAME_MAX
#define NAME_MAX 255	/* where the system leaves it to pathconf() */
#endif
#ifndef PATH_MAX
#define PATH_MAX 4096
#endif

static int sigchld_pipe[2];
static volatile pid_t group;	/* the running case's, while it may have one */

static void on_sigchld(int sig)
{
	int saved = errno;

	(void)sig;
	(void)!write(sigchld_pipe[1], "", 1);	/* a full pipe already says it */
	errno = saved;
}

static void on_sigterm(int sig)
{
	(void)sig;
	if (group > 0)
		kill(-group, SIGKILL);
	_exit(1);
}

static long now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000L + t.tv_nsec / 1000000L;
}

/* "S" or "S.F" (at most 3 decimals) -> milliseconds, or -1. */
static long parse_timeout_ms(const char *s)
{
	long ms = 0, scale = 1000;
	const char *p = s;

	for (; *p >= '0' && *p <= '9' && p - s < 6; p++)
		ms = ms * 10 + (*p - '0');
	if (p == s)
		return -1;
	ms *= 1000;
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9' && scale > 1; p++)
			ms += (*p - '0') * (scale /= 10);
	return *p || ms <= 0 ? -1 : ms;
}

static long parse_count(const char *s)
{
	char *end;
	long n = strtol(s, &end, 10);

	return *s && !*end && n > 0 ? n : -1;
}

static void die(const char *what)
{
	fprintf(stderr, "run-lane: %s: %s\n", what, strerror(errno));
	exit(1);
}

/* A path into buf, which must hold it whole. */
static void path_of(char *buf, size_t size, const char *format, ...)
{
	va_list ap;
	int n;

	va_start(ap, format);
	n = vsnprintf(buf, size, format, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= size) {
		errno = ENAMETOOLONG;
		die(format);
	}
}

static int open_cloexec(const char *path, int flags)
{
	int fd = open(path, flags, 0644);

	if (fd < 0 || fcntl(fd, F_SETFD, FD_CLOEXEC))
		die(path);
	return fd;
}

static void pipe_cloexec(int fds[2])
{
	if (pipe(fds) || fcntl(fds[0], F_SETFD, FD_CLOEXEC) || fcntl(fds[1], F_SETFD, FD_CLOEXEC))
		die("pipe");
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (!f || fputs(text, f) < 0 || fclose(f))
		die(path);
}

struct stream {
	int from;		/* the pipe's read end, -1 once closed */
	int to;			/* the file */
	long left;		/* bytes still kept */
};

/* Moves what the pipe holds into the file; closes the pipe at its end or past KEEP. */
static void drain(struct stream *s)
{
	static char buf[65536];
	ssize_t n = read(s->from, buf, sizeof buf);

	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	if (n > 0 && s->left > 0) {
		size_t keep = (size_t)n < (size_t)s->left ? (size_t)n : (size_t)s->left;

		if (write(s->to, buf, keep) == (ssize_t)keep)
			s->left -= (long)keep;
		else
			s->left = 0;	/* a file that cannot take it: keep what it took */
	}
	if (n <= 0 || s->left == 0) {
		close(s->from);
		s->from = -1;
	}
}

struct lane {
	long timeout_ms, keep;
	const char *work, *dir, *running;
	int devnull;
	sigset_t unblocked;			/* the mask as we got it */
	struct sigaction term, chld;		/* the dispositions as we got them */
};

/* Runs DIR/ID; writes out.N, err.N and facts.N. */
static void run_case(const struct lane *ln, const char *id, long n)
{
	char path[PATH_MAX], facts[64];
	struct stream out, err;
	int out_pipe[2], err_pipe[2], status = 0, exited = 0, timed_out = 0, left = 0;
	long start, deadline, ran_ms = 0;
	sigset_t blocked;
	pid_t pid;

	path_of(path, sizeof path, "%s/out.%ld", ln->work, n);
	out = (struct stream){ -1, open_cloexec(path, O_WRONLY | O_CREAT | O_TRUNC), ln->keep };
	path_of(path, sizeof path, "%s/err.%ld", ln->work, n);
	err = (struct stream){ -1, open_cloexec(path, O_WRONLY | O_CREAT | O_TRUNC), ln->keep };
	pipe_cloexec(out_pipe);
	pipe_cloexec(err_pipe);
	path_of(path, sizeof path, "%s/%s", ln->dir, id);
	/* TERM waits until the case is in its group, which it then kills. */
	sigemptyset(&blocked);
	sigaddset(&blocked, SIGTERM);
	sigprocmask(SIG_BLOCK, &blocked, NULL);
	start = now_ms();
	pid = fork();
	if (pid == 0) {
		setpgid(0, 0);
		sigaction(SIGTERM, &ln->term, NULL);
		sigaction(SIGCHLD, &ln->chld, NULL);
		sigprocmask(SIG_SETMASK, &ln->unblocked, NULL);
		if (dup2(ln->devnull, 0) < 0 || dup2(out_pipe[1], 1) < 0 || dup2(err_pipe[1], 2) < 0)
			_exit(126);
		execv(path, (char *[]){ path, NULL });
		dprintf(2, "run-lane: cannot execute %s: %s\n", path, strerror(errno));
		_exit(errno == ENOENT ? 127 : 126);
	}
	if (pid < 0)
		die("fork");
	/* Here as in the child, so that the group exists whichever runs first. */
	if (setpgid(pid, pid) && errno != EACCES) {
		kill(pid, SIGKILL);
		die("setpgid");
	}
	group = pid;
	snprintf(facts, sizeof facts, "%ld\n", (long)pid);
	write_file(ln->running, facts);
	sigprocmask(SIG_UNBLOCK, &blocked, NULL);
	close(out_pipe[1]);
	close(err_pipe[1]);
	out.from = out_pipe[0];
	err.from = err_pipe[0];
	deadline = start + ln->timeout_ms;
	while (!exited || out.from >= 0 || err.from >= 0) {
		struct pollfd fds[3] = { { sigchld_pipe[0], POLLIN, 0 }, { out.from, POLLIN, 0 },
					 { err.from, POLLIN, 0 } };
		long wait_ms = deadline - now_ms();
		char drained[64];

		if (wait_ms <= 0) {
			timed_out = 1;
			if (!exited) {
				kill(-pid, SIGKILL);
				deadline = now_ms() + ln->timeout_ms;	/* for its output, after it */
				continue;
			}
			if (out.from >= 0)
				close(out.from);
			if (err.from >= 0)
				close(err.from);
			break;
		}
		if (poll(fds, 3, wait_ms > 60000 ? 60000 : (int)wait_ms) < 0 && errno != EINTR)
			die("poll");
		if (fds[1].revents)
			drain(&out);
		if (fds[2].revents)
			drain(&err);
		if (exited || !fds[0].revents)
			continue;
		while (read(sigchld_pipe[0], drained, sizeof drained) > 0)
			;	/* a byte per SIGCHLD */
		if (waitpid(pid, &status, WNOHANG) != pid)
			continue;
		exited = 1;
		ran_ms = now_ms() - start;
		if (kill(-pid, 0) == 0 || errno == EPERM) {
			kill(-pid, SIGKILL);
			left = 1;
		}
		group = 0;	/* gone: its id may become another's */
		write_file(ln->running, "");
		if (!timed_out)
			deadline = now_ms() + ln->timeout_ms;
	}
	close(out.to);
	close(err.to);
	if (timed_out)
		snprintf(facts, sizeof facts, "timeout");
	else if (WIFSIGNALED(status))
		snprintf(facts, sizeof facts, "signal:%d", WTERMSIG(status));
	else
		snprintf(facts, sizeof facts, "%d", WEXITSTATUS(status));
	snprintf(facts + strlen(facts), sizeof facts - strlen(facts), " %ld.%02ld%s\n",
		 ran_ms / 1000, ran_ms % 1000 / 10, left ? " left=processes" : "");
	path_of(path, sizeof path, "%s/facts.%ld", ln->work, n);
	write_file(path, facts);
}

static int by_bytes(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The files the case left in the directory (cwd), into WORK/left.N; 1 if any. */
static int list_leftovers(const struct lane *ln, long n)
{
	char *names[MAX_NAMES + 1], text[(MAX_NAMES + 1) * (NAME_MAX + 1) + 8] = "", path[PATH_MAX];
	size_t count = 0, i;
	struct dirent *e;
	DIR *d = opendir(".");

	if (!d)
		die("opendir");
	/* One name more than shown says that there are more. */
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
			if (count == MAX_NAMES + 1) {
				/* keep the 17 first in byte order */
				qsort(names, count, sizeof *names, by_bytes);
				if (strcmp(e->d_name, names[MAX_NAMES]) >= 0)
					continue;
				free(names[MAX_NAMES]);
				count--;
			}
			if (!(names[count++] = strdup(e->d_name)))
				die("strdup");
		}
	closedir(d);
	if (!count)
		return 0;
	qsort(names, count, sizeof *names, by_bytes);
	for (i = 0; i < count; i++) {
		char *c, *end = text + strlen(text);

		if (i)
			*end++ = ',';
		if (i == MAX_NAMES) {
			strcpy(end, "...");
		} else {
			for (c = names[i]; *c; c++)
				*end++ = strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._+-",
						*c) ? *c : '?';
			*end = 0;
		}
		free(names[i]);
	}
	strcat(text, "\n");
	path_of(path, sizeof path, "%s/left.%ld", ln->work, n);
	write_file(path, text);
	return 1;
}

/* Empties the directory, whatever the case made of it: by sh, as leftovers are rare. */
static void empty_directory(const struct lane *ln)
{
	int status;
	pid_t pid;

	if (chdir(".."))
		die("chdir");
	pid = fork();
	if (pid == 0) {
		sigaction(SIGTERM, &ln->term, NULL);
		sigaction(SIGCHLD, &ln->chld, NULL);
		sigprocmask(SIG_SETMASK, &ln->unblocked, NULL);
		dup2(ln->devnull, 0);
		execlp("sh", "sh", "-c", "chmod -R u+rwx cwd 2>/dev/null; rm -rf cwd", (char *)NULL);
		_exit(127);
	}
	if (pid < 0)
		die("fork");
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			die("waitpid");
	if (mkdir("cwd", 0755) || chdir("cwd"))
		die("cwd");
}

int main(int argc, char **argv)
{
	long lane_no, jobs, n = 0;
	char id[PATH_MAX], here[PATH_MAX], running[PATH_MAX + 16], stop[PATH_MAX + 16];
	struct lane ln;
	struct sigaction sa;

	if (argc != 7 || (lane_no = parse_count(argv[1])) < 0 || (jobs = parse_count(argv[2])) < 0 ||
	    (ln.timeout_ms = parse_timeout_ms(argv[3])) < 0 || (ln.keep = parse_count(argv[4])) < 0) {
		fprintf(stderr, "usage: run-lane LANE JOBS TIMEOUT_S KEEP WORK DIR <LIST 3>NOTIFY\n");
		return 2;
	}
	/* Absolute: the lane works in a directory of its own. */
	if (!(ln.work = realpath(argv[5], NULL)) || !(ln.dir = realpath(argv[6], NULL)))
		die("realpath");
	path_of(here, sizeof here, "%s/lane%ld", ln.work, lane_no);
	path_of(running, sizeof running, "%s/running", here);
	ln.running = running;
	if (mkdir(here, 0755) || chdir(here) || mkdir("cwd", 0755) || chdir("cwd") || !getcwd(here, sizeof here))
		die("the lane's directory");
	if (setenv("TMPDIR", here, 1))
		die("setenv");
	ln.devnull = open_cloexec("/dev/null", O_RDONLY);
	if (fcntl(3, F_SETFD, FD_CLOEXEC))
		die("fd 3");
	pipe_cloexec(sigchld_pipe);
	if (fcntl(sigchld_pipe[0], F_SETFL, O_NONBLOCK) || fcntl(sigchld_pipe[1], F_SETFL, O_NONBLOCK))
		die("pipe");
	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sigprocmask(SIG_SETMASK, NULL, &ln.unblocked);
	sa.sa_handler = on_sigterm;
	if (sigaction(SIGTERM, &sa, &ln.term))
		die("sigaction");
	/* A TERM sent between the shell's fork and this exec reached the shell's
	 * own handler and was lost with it: the runner makes WORK/stop before it
	 * sends one, and from here on a TERM is ours. */
	path_of(stop, sizeof stop, "%s/stop", ln.work);
	if (access(stop, F_OK) == 0)
		_exit(1);
	sa.sa_handler = on_sigchld;
	sa.sa_flags = SA_NOCLDSTOP;
	if (sigaction(SIGCHLD, &sa, &ln.chld))
		die("sigaction");
	while (fgets(id, sizeof id, stdin)) {
		char note[32];

		id[strcspn(id, "\n")] = 0;
		if ((n++ % jobs) + 1 != lane_no)
			continue;
		run_case(&ln, id, n);
		if (list_leftovers(&ln, n))
			empty_directory(&ln);
		snprintf(note, sizeof note, "%ld\n", n);
		if (write(3, note, strlen(note)) != (ssize_t)strlen(note))
			die("fd 3");
	}
	return 0;
}

/*
 * mc_process.h: child processes: waiting, taking turns over pipes, and probes
 * that report the signal and si_code a fault raised.
 * Part of the harness: included by mmapcheck.h, never on its own.
 */
#ifndef MC_MC_PROCESS_H
#define MC_MC_PROCESS_H

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
		struct rlimit core;

		/* Its death by a fault is an outcome, not a crash to debug: no core
		 * file, whatever core size the user allows (ulimit -c). */
		SAFE(getrlimit(RLIMIT_CORE, &core));
		core.rlim_cur = 0;
		SAFE(setrlimit(RLIMIT_CORE, &core));
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

#endif /* MC_MC_PROCESS_H */

/*
 * Claim: The SIGBUS raised by a read of a file-mapping page past EOF carries in si_addr the address that was read.
 * Source: Linux man-pages sigaction(2), siginfo_t: "SIGILL, SIGFPE, SIGSEGV, SIGBUS, and SIGTRAP fill in si_addr with the address of the fault."
 * Source: POSIX.1-2017 <signal.h>: for SIGSEGV and SIGBUS, si_addr is the "Address of faulting instruction or memory reference"
 * Tags: mmap file signal
 */
#include "mmapcheck.h"

static int report = -1;

static void on_fault(int sig, siginfo_t *si, void *uc)
{
	uintptr_t msg[2] = { (uintptr_t)sig, (uintptr_t)si->si_addr };

	(void)uc;
	_exit(write(report, msg, sizeof(msg)) == (ssize_t)sizeof(msg) ? 0 : MC_CHILD_BROKEN);
}

int main(void)
{
	uintptr_t msg[2] = { 0, 0 };
	struct sigaction sa;
	volatile char *p;
	int fd, pipefd[2];
	size_t pg;
	pid_t pid;

	mc_begin();
	pg = mc_page_size();
	fd = (int)SAFE(open(mc_file("data", pg / 2, 'a'), O_RDONLY));
	p = SAFE_MMAP(NULL, 2 * pg, PROT_READ, MAP_SHARED, fd, 0);
	SAFE(pipe(pipefd));

	pid = mc_fork();
	if (pid == 0) {
		report = pipefd[1];
		memset(&sa, 0, sizeof(sa));
		sa.sa_sigaction = on_fault;
		sa.sa_flags = SA_SIGINFO;
		sigemptyset(&sa.sa_mask);
		sigaction(SIGBUS, &sa, NULL);
		sigaction(SIGSEGV, &sa, NULL);
		(void)p[pg + 77];	/* page 1 is wholly past EOF */
		_exit(0);	/* no signal: nothing written */
	}
	close(pipefd[1]);
	mc_wait(pid);
	if (read(pipefd[0], msg, sizeof(msg)) != (ssize_t)sizeof(msg))
		msg[0] = 0;

	mc_observe("signal", "%s", mc_signal_name((int)msg[0]));
	if (msg[0])
		mc_observe("si_addr_offset", "%ld", (long)(msg[1] - (uintptr_t)p));
	mc_check(msg[0] == SIGBUS, "the read past EOF gave %s, not SIGBUS", mc_signal_name((int)msg[0]));
	mc_check(!msg[0] || msg[1] == (uintptr_t)(p + pg + 77), "si_addr is p%+ld, not the address read (p%+ld)",
		 (long)(msg[1] - (uintptr_t)p), (long)(pg + 77));
	return mc_finish();
}

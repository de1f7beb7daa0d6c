/*
 * Claim: A write through /proc/self/mem to a sealed read-only page succeeds and the page then holds the written byte: sealing fixes the mapping, not the memory.
 * Source: Linux Documentation/userspace-api/mseal.rst, "mseal doesn't block": "Sealed mappings doesn't mean the memory is immutable." ... "Write to read-only memory through /proc/self/mem interface (FOLL_FORCE)."
 * Source: Linux man-pages proc_pid_mem(5) (proc(5) in 6.03): /proc/pid/mem "can be used to access the pages of a process's memory through open(2), read(2), and lseek(2)"
 * Covers: mseal(kernel) NOT_BLOCKED "/proc/self/mem"
 * Tags: mseal anonymous private extension procfs
 * Requires: linux
 * Claim-call: mseal
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"

#ifdef __linux__
int main(void)
{
	size_t pg;
	char *p, *q, byte = 'w';
	ssize_t n;
	int fd;

	mc_begin();
	pg = mc_page_size();
	p = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	q = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	p[0] = q[0] = 'r';
	SAFE(mprotect(p, pg, PROT_READ));
	SAFE(mprotect(q, pg, PROT_READ));
	fd = open("/proc/self/mem", O_RDWR);
	if (fd == -1)
		mc_skip("/proc/self/mem cannot be opened for writing here (%s)", mc_errno_name(errno));
	/* The surroundings: a forced write to an unsealed read-only page (Linux 6.12's proc_mem.force_override may refuse it). */
	if (pwrite(fd, &byte, 1, (off_t)(uintptr_t)q) != 1)
		mc_skip("this kernel refuses writes through /proc/self/mem to read-only memory even unsealed (%s): see proc_mem.force_override",
			mc_errno_name(errno));
	mc_seal(p, pg, "p, 1 page");
	/* The seal is in force: even a protection change to the same one is refused. */
	if (mprotect(p, pg, PROT_READ) == 0)
		mc_broken("mprotect() of the sealed page succeeded: the seal is not in force");
	if (errno != EPERM)
		mc_broken("mprotect() of the sealed page failed with %s, not EPERM", mc_errno_name(errno));

	n = pwrite(fd, &byte, 1, (off_t)(uintptr_t)p);
	mc_expect_errno(n == 1 ? 0 : n == -1 ? errno : EIO, 0, "pwrite(/proc/self/mem, sealed read-only page)");
	mc_observe("byte_after", "%c", p[0]);
	mc_check(p[0] == 'w', "the sealed page holds '%c' after the write, not 'w'", p[0]);
	SAFE(close(fd));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("mseal() is a Linux interface (6.10); not available here");
}
#endif

/*
 * mc_linux_calls.h: the Linux memory-mapping calls and flags that are newer
 * than the C libraries and kernel headers this suite is built with (Debian 12:
 * glibc 2.36, musl 1.2.3, linux-libc-dev 6.1).  Each call is made through the
 * C library's syscall(), by number, so that it builds everywhere and so that
 * the fault injector (tests/mutants/inject.c) reaches it: the injector
 * interposes syscall() and hands each of these numbers to the mutant's
 * function of the same name, as it does for the C library's named functions.
 * A kernel without the call answers ENOSYS; mc_require_call() turns that
 * into a skip that names the call and the release that added it.
 * Part of the harness: included by mmapcheck.h, never on its own.
 */
#ifndef MC_LINUX_CALLS_H
#define MC_LINUX_CALLS_H

#ifdef __linux__
#include "mc_linux_abi.h"

#define MC_NO_CALL_(...) (errno = ENOSYS, -1L)

#ifdef SYS_mseal
#define mc_mseal(addr, len, flags) syscall(SYS_mseal, (addr), (size_t)(len), (unsigned long)(flags))
#else
#define mc_mseal(...) MC_NO_CALL_()
#endif
#ifdef SYS_process_madvise
#define mc_process_madvise(pidfd, iov, vlen, advice, flags) \
	syscall(SYS_process_madvise, (int)(pidfd), (iov), (size_t)(vlen), (int)(advice), (unsigned int)(flags))
#else
#define mc_process_madvise(...) MC_NO_CALL_()
#endif
#ifdef SYS_pidfd_open
#define mc_pidfd_open(pid, flags) syscall(SYS_pidfd_open, (pid_t)(pid), (unsigned int)(flags))
#else
#define mc_pidfd_open(...) MC_NO_CALL_()
#endif
#ifdef SYS_memfd_secret
#define mc_memfd_secret(flags) syscall(SYS_memfd_secret, (unsigned int)(flags))
#else
#define mc_memfd_secret(...) MC_NO_CALL_()
#endif
#ifdef SYS_cachestat
#define mc_cachestat(fd, range, cstat, flags) \
	syscall(SYS_cachestat, (unsigned int)(fd), (range), (cstat), (unsigned int)(flags))
#else
#define mc_cachestat(...) MC_NO_CALL_()
#endif
#ifdef SYS_map_shadow_stack
#define mc_map_shadow_stack(addr, size, flags) \
	syscall(SYS_map_shadow_stack, (unsigned long)(addr), (unsigned long)(size), (unsigned int)(flags))
#else
#define mc_map_shadow_stack(...) MC_NO_CALL_()
#endif
/* Protection keys: glibc has wrappers, musl has none; the same calls for both. */
#ifdef SYS_pkey_alloc
#define mc_pkey_alloc(flags, rights) syscall(SYS_pkey_alloc, (unsigned long)(flags), (unsigned long)(rights))
#define mc_pkey_free(pkey) syscall(SYS_pkey_free, (int)(pkey))
#define mc_pkey_mprotect(addr, len, prot, pkey) \
	syscall(SYS_pkey_mprotect, (addr), (size_t)(len), (unsigned long)(prot), (int)(pkey))
#else
#define mc_pkey_alloc(...) MC_NO_CALL_()
#define mc_pkey_free(...) MC_NO_CALL_()
#define mc_pkey_mprotect(...) MC_NO_CALL_()
#endif

/*
 * 1 if the range is sealed (mseal()), 0 if not: an mprotect() to the
 * protection the range already has changes nothing, and is refused (EPERM)
 * only where it is sealed.  Any other failure is the case's set-up breaking.
 */
static inline int mc_sealed(void *p, size_t len, int prot)
{
	if (mprotect(p, len, prot) == 0)
		return 0;
	if (errno != EPERM)
		mc_broken("mprotect(%p, %zu, same protection) failed: %s", p, len, mc_errno_name(errno));
	return 1;
}

/*
 * Skips the case, naming the call and the release that added it, when the
 * call's result says the system does not have it (ENOSYS); a case calls this
 * with the result of its first call of that kind, before trusting any.  Not
 * "this kernel": under gVisor, qemu-user or valgrind the emulator answers.
 */
static inline void mc_require_call(long result, const char *call, const char *since)
{
	if (result == -1 && errno == ENOSYS)
		mc_skip("no %s() here (ENOSYS): it needs Linux %s; this kernel, or the emulator running "
			"the case, lacks it", call, since);
}

/* Seals [p, p + len) for a case about what a seal refuses or allows: a skip
 * where there is no mseal(), broken where it refuses (what names the range). */
static inline void mc_seal(void *p, size_t len, const char *what)
{
	long r = mc_mseal(p, len, 0);

	mc_require_call(r, "mseal", "6.10");
	if (r == -1)
		mc_broken("mseal(%s, 0) failed: %s", what, mc_errno_name(errno));
}

#ifdef MAP_ANONYMOUS
/* len bytes of private anonymous memory filled with fill, then made read-only
 * and sealed: the memory mseal.rst says destructive madvise() may not drop. */
static inline char *mc_sealed_read_only_anonymous(size_t len, int fill)
{
	char *p = SAFE_MMAP(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	memset(p, fill, len);
	SAFE(mprotect(p, len, PROT_READ));
	mc_seal(p, len, "the read-only range");
	return p;
}
#endif

#ifdef SYS_map_shadow_stack
/* A new shadow stack of size bytes, map_shadow_stack(0, size, 0), or a skip
 * that says why where the kernel or the CPU has no user shadow stacks. */
static inline void *mc_shadow_stack_or_skip(size_t size)
{
	long r = mc_map_shadow_stack(0, size, 0);

	mc_require_call(r, "map_shadow_stack", "6.6 with CONFIG_X86_USER_SHADOW_STACK");
	if (r == -1 && errno == EOPNOTSUPP)
		mc_skip("map_shadow_stack() fails with EOPNOTSUPP: this CPU or kernel has no user shadow stacks (user_shstk)");
	if (r == -1)
		mc_broken("map_shadow_stack(0, %zu, 0) failed: %s", size, mc_errno_name(errno));
	return (void *)r;
}
#endif

#ifdef MAP_ANONYMOUS
/* The control of a case about MAP_DROPPABLE's limits: the mapping type is
 * known here (an anonymous page of it maps), else the case skips. */
static inline void mc_require_droppable(void)
{
	size_t pg = mc_page_size();
	void *d = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_DROPPABLE | MAP_ANONYMOUS, -1, 0);

	if (d == MAP_FAILED)
		mc_skip("mmap(MAP_DROPPABLE|MAP_ANONYMOUS) itself fails here (%s): Linux added MAP_DROPPABLE in 6.11, on 64-bit kernels",
			mc_errno_name(errno));
	SAFE(munmap(d, pg));
}
#endif

#endif /* __linux__ */
#endif

/*
 * mc_linux_abi.h: the numbers, flags and structures of the Linux
 * memory-mapping calls newer than the kernel headers this suite is built with
 * (Debian 12's linux-libc-dev is 6.1), each where the system's headers lack
 * it, with the release and uapi header that define it.  Included by
 * mc_linux_calls.h, and by the fault injector (tests/mutants/inject.h), which
 * must know the same numbers.  Needs nothing from the harness.
 */
#ifndef MC_LINUX_ABI_H
#define MC_LINUX_ABI_H

#ifdef __linux__
#include <fcntl.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>

/* Since Linux 5.1 every architecture but alpha numbers new calls alike
 * (include/uapi/asm-generic/unistd.h, arch/x86/entry/syscalls/syscall_64.tbl). */
#if !defined(__alpha__)
#ifndef SYS_process_madvise
#define SYS_process_madvise 440	/* Linux 5.10 */
#endif
#ifndef SYS_memfd_secret
#define SYS_memfd_secret 447	/* Linux 5.14, where the architecture wires it (else ENOSYS) */
#endif
#ifndef SYS_cachestat
#define SYS_cachestat 451	/* Linux 6.5 */
#endif
#if !defined(SYS_map_shadow_stack) && defined(__x86_64__)
#define SYS_map_shadow_stack 453	/* Linux 6.6, x86-64 only */
#endif
#ifndef SYS_mseal
#define SYS_mseal 462		/* Linux 6.10 */
#endif
#endif

/* Flags newer than linux-libc-dev 6.1, with the uapi header that defines them. */
#ifndef MAP_DROPPABLE
#define MAP_DROPPABLE 0x08		/* Linux 6.11, include/uapi/linux/mman.h */
#endif
#ifndef MADV_DONTNEED_LOCKED
#define MADV_DONTNEED_LOCKED 24		/* Linux 5.18, include/uapi/asm-generic/mman-common.h */
#endif
#ifndef MADV_COLLAPSE
#define MADV_COLLAPSE 25		/* Linux 6.1 */
#endif
#ifndef MADV_GUARD_INSTALL
#define MADV_GUARD_INSTALL 102		/* Linux 6.13 */
#define MADV_GUARD_REMOVE 103
#endif
#ifndef MFD_NOEXEC_SEAL
#define MFD_NOEXEC_SEAL 0x0008U		/* Linux 6.3, include/uapi/linux/memfd.h */
#define MFD_EXEC 0x0010U
#endif
#ifndef F_SEAL_EXEC
#define F_SEAL_EXEC 0x0020		/* Linux 6.3, include/uapi/linux/fcntl.h */
#endif
#ifndef PKEY_DISABLE_ACCESS
#define PKEY_DISABLE_ACCESS 0x1		/* include/uapi/asm-generic/mman-common.h */
#define PKEY_DISABLE_WRITE 0x2
#endif

/* cachestat(2)'s structures (include/uapi/linux/mman.h, Linux 6.5). */
struct mc_cachestat_range {
	uint64_t off, len;
};
struct mc_cachestat {
	uint64_t nr_cache, nr_dirty, nr_writeback, nr_evicted, nr_recently_evicted;
};
#endif /* __linux__ */
#endif

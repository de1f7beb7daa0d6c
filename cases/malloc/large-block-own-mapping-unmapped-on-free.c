/*
 * Claim: malloc() serves a 1 MiB request from a private anonymous mapping of its own outside the brk heap, and free() unmaps it, so a later read of the block raises SIGSEGV.
 * Source: Linux man-pages malloc(3), NOTES: blocks larger than MMAP_THRESHOLD (128 kB by default) are allocated by glibc "as a private anonymous mapping using mmap(2)"
 * Source: Linux man-pages mallopt(3), M_MMAP_THRESHOLD: such blocks "can always be independently released back to the system"; the threshold can be set by the environment (MALLOC_MMAP_THRESHOLD_, GLIBC_TUNABLES)
 * Tags: malloc anonymous private signal unspecified
 */
#define _GNU_SOURCE	/* Dl_info, dladdr */
#include "mmapcheck.h"
#ifdef __GLIBC__
#include <gnu/libc-version.h>
#endif
#include <dlfcn.h>
#include <sys/utsname.h>

#ifdef __linux__
extern char end;	/* first address past the program's data: the brk heap lies above */
#endif

/* The allocator in use: the C library's, or one that replaced malloc (skip). */
static void observe_allocator(void)
{
	const char *preload = getenv("LD_PRELOAD"), *tunables = getenv("GLIBC_TUNABLES");
	Dl_info m, c;

#if defined(__GLIBC__)
	mc_observe("libc", "glibc-%s", gnu_get_libc_version());
#elif defined(__linux__)
	mc_observe("libc", "musl");	/* the other Linux libc we build with */
#else
	struct utsname u;

	SAFE(uname(&u));
	mc_observe("libc", "%s", u.sysname);
#endif
	if (preload && strstr(preload, "vgpreload")) {
		mc_observe("allocator", "valgrind");
		mc_skip("valgrind replaced malloc(); the claim is about the C library's allocator");
	}
	/* malloc() from another object than getpid() (the C library's): a preloaded allocator. */
	if (dladdr((void *)malloc, &m) && dladdr((void *)getpid, &c) && strcmp(m.dli_fname, c.dli_fname) != 0) {
		mc_observe("allocator", "%s", strrchr(m.dli_fname, '/') ? strrchr(m.dli_fname, '/') + 1 : m.dli_fname);
		mc_skip("malloc() comes from %s, not the C library", m.dli_fname);
	}
	mc_observe("allocator", "libc");
	if (getenv("MALLOC_MMAP_THRESHOLD_") || getenv("MALLOC_MMAP_MAX_") ||
	    (tunables && strstr(tunables, "glibc.malloc.mmap_")))
		mc_skip("the environment sets the allocator's mmap threshold or count (MALLOC_MMAP_*_, GLIBC_TUNABLES)");
}

int main(void)
{
	struct mc_status st;
	volatile uintptr_t addr;	/* opaque to the compiler's use-after-free analysis */
	char *p;

	mc_begin();
	observe_allocator();
	p = malloc(1 << 20);
	if (!p)
		mc_broken("malloc(1 MiB) failed");
	memset(p, 'm', 1 << 20);
#ifdef __linux__
	{
		char *brk_end = sbrk(0);
		int in_heap = p >= &end && p < brk_end;

		mc_observe("in_brk_heap", "%d", in_heap);
		mc_check(!in_heap, "block %p lies in the brk heap [%p, %p)", (void *)p, (void *)&end, (void *)brk_end);
	}
#endif
	addr = (uintptr_t)p;	/* only a child reads the block after free() */
	free(p);
	st = mc_probe_read((const void *)addr);
	mc_observe_status(st);
	mc_check(st.signo == SIGSEGV, "reading the freed block: %s, expected SIGSEGV", mc_signal_name(st.signo));
	return mc_finish();
}

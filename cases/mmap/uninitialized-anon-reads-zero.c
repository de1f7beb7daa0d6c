/*
 * Claim: mmap() accepts MAP_UNINITIALIZED on a private anonymous mapping, and on a kernel built without CONFIG_MMAP_ALLOW_UNINITIALIZED (every kernel with an MMU) the memory still reads as zero.
 * Source: Linux man-pages mmap(2), MAP_UNINITIALIZED: "This flag is honored only if the kernel was configured with the CONFIG_MMAP_ALLOW_UNINITIALIZED option"; MAP_ANONYMOUS: "its contents are initialized to zero"
 * Source: Linux mm/Kconfig, MMAP_ALLOW_UNINITIALIZED: depends on EXPERT && !MMU; "If this option is not enabled, then the flag will be ignored"
 * Tags: mmap anonymous private extension
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"

/*
 * glibc and musl do not export the flag.  Linux's UAPI headers give it as
 * 0x4000000 (include/uapi/asm-generic/mman-common.h, also powerpc, sparc,
 * xtensa); alpha, mips and parisc have no such flag.  The option needs a
 * kernel without an MMU, where fork() and so this suite cannot run: here
 * the flag is always ignored, which is what this case checks.
 */
#if !defined(MAP_UNINITIALIZED) && defined(__linux__) && \
	!defined(__alpha__) && !defined(__mips__) && !defined(__hppa__)
#define MAP_UNINITIALIZED 0x4000000
#endif

#ifdef MAP_UNINITIALIZED
int main(void)
{
	size_t len, i;
	int nonzero = 0;
	char *p;

	mc_begin();
	len = 16 * mc_page_size();
	/* Dirty some memory and give it back, so that recycled pages could show. */
	p = SAFE_MMAP(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(p, 0xa5, len);
	SAFE(munmap(p, len));

	p = MC_EXPECT_MAP(NULL, len, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS | MAP_UNINITIALIZED, -1, 0);
	for (i = 0; i < len; i++)
		nonzero += p[i] != 0;
	mc_observe("nonzero_bytes", "%d", nonzero);
	mc_check(nonzero == 0, "%d of %zu bytes are not zero", nonzero, len);
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MAP_UNINITIALIZED is not defined on this platform");
}
#endif

/*
 * Claim: On x86-64, an anonymous mapping made with MAP_32BIT lies entirely within the first 2 GiB of the address space.
 * Source: Linux man-pages mmap(2), MAP_32BIT: "Put the mapping into the first 2 Gigabytes of the process address space. This flag is supported only on x86-64, for 64-bit programs."
 * Tags: mmap anonymous private extension
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MAP_32BIT */
#include "mmapcheck.h"

#if defined(MAP_32BIT) && defined(__x86_64__) && defined(__LP64__)
int main(void)
{
	uintptr_t end;
	size_t len;
	char *p;

	mc_begin();
	len = 4 * mc_page_size();
	p = MC_EXPECT_MAP(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
	end = (uintptr_t)p + len;
	mc_note("mapped at %p", (void *)p);	/* an address differs run to run: not an observation */
	mc_observe("below_2gib", "%d", end <= 0x80000000UL);
	mc_check(end <= 0x80000000UL, "mapping [%p, %#lx) reaches above 2 GiB", (void *)p, (unsigned long)end);
	SAFE(munmap(p, len));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MAP_32BIT exists only for 64-bit programs on x86-64 Linux");
}
#endif

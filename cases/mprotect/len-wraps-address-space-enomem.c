/*
 * Claim: mprotect() on a mapped page with a length that carries [addr, addr+len) past the end of the address space fails with ENOMEM.
 * Source: Linux man-pages mprotect(2), ERRORS: "ENOMEM Addresses in the range [addr, addr+len-1] are invalid for the address space of the process, ..."
 * Source: POSIX.1-2017 mprotect(), ERRORS, [ENOMEM] "Addresses in the range [addr,addr+len) are invalid for the address space of a process"
 * Source: Linux 2.6.5 mm/mprotect.c, akpm patch "mprotect-retval-fix": an end below start returns ENOMEM instead of EINVAL, as POSIX's [ENOMEM] asks
 * Covers: mprotect(2) ENOMEM "invalid for the address space of the process"
 * Tags: mprotect errno anonymous private
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"

int main(void)
{
	size_t pg, len;
	char *p;

	mc_begin();
	pg = mc_page_size();
	p = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	/* The largest page multiple: addr+len wraps around to just below addr. */
	len = (size_t)0 - pg;
	mc_note("addr %p, len %#zx: addr+len wraps to %p", (void *)p, len, (void *)((uintptr_t)p + len));

	MC_EXPECT_ERRNO(mprotect(p, len, PROT_READ), ENOMEM);
	return mc_finish();
}

/*
 * Claim: mprotect() on page-aligned addresses at the top of the address space, above every user mapping, fails with ENOMEM.
 * Source: Linux man-pages mprotect(2), ERRORS: "ENOMEM Addresses in the range [addr, addr+len-1] are invalid for the address space of the process, ..."
 * Source: POSIX.1-2017 mprotect(), ERRORS, [ENOMEM] "Addresses in the range [addr,addr+len) are invalid for the address space of a process"
 * Covers: mprotect(2) ENOMEM "invalid for the address space of the process"
 * Tags: mprotect errno
 */
#include "mmapcheck.h"

int main(void)
{
	size_t pg;
	char *top;

	mc_begin();
	pg = mc_page_size();
	/*
	 * Sixteen pages below the last address: in the kernel's half on every
	 * 32- and 64-bit layout, aligned, and [addr, addr+len) does not wrap.
	 * (The EINVAL entry's "addr is not a valid pointer" does not apply on
	 * x86-64: mm/mprotect.c do_mprotect_pkey() gives EINVAL only for an
	 * unaligned addr or an arch_validate_prot() refusal, and ENOMEM when
	 * no mapping is found, as here.)
	 */
	top = (char *)(uintptr_t)(0 - (uintptr_t)(16 * pg));
	mc_observe("addr", "%p", (void *)top);

	MC_EXPECT_ERRNO(mprotect(top, pg, PROT_READ), ENOMEM);
	return mc_finish();
}

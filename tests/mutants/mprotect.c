/* Mutants of mprotect() and pkey_mprotect(): plausible kernel bugs in their checks, range and effects. */
#include "inject.h"

#ifndef PROT_SEM
#define PROT_SEM 0x8	/* the kernel's value; the C library does not define it */
#endif

static int mprotect_unaligned_rounded(void *addr, size_t len, int prot)
{
	size_t skew = (size_t)addr % page();

	return real_mprotect((char *)addr - skew, len + skew, prot);
}
MUTANT(mprotect_unaligned_rounded, "mprotect: an unaligned addr is rounded down and accepted",
       .mprotect = mprotect_unaligned_rounded);

static int mprotect_unknown_bits_ignored(void *addr, size_t len, int prot)
{
	return real_mprotect(addr, len, prot & (PROT_READ | PROT_WRITE | PROT_EXEC | PROT_SEM |
						PROT_GROWSDOWN | PROT_GROWSUP));
}
MUTANT(mprotect_unknown_bits_ignored, "mprotect: undefined bits in prot are ignored instead of EINVAL",
       .mprotect = mprotect_unknown_bits_ignored);

static int mprotect_grows_both_accepted(void *addr, size_t len, int prot)
{
	if ((prot & PROT_GROWSDOWN) && (prot & PROT_GROWSUP))
		prot &= ~PROT_GROWSUP;
	return real_mprotect(addr, len, prot);
}
MUTANT(mprotect_grows_both_accepted, "mprotect: PROT_GROWSUP|PROT_GROWSDOWN together is accepted as PROT_GROWSDOWN",
       .mprotect = mprotect_grows_both_accepted);

static int mprotect_growsdown_ignored(void *addr, size_t len, int prot)
{
	return real_mprotect(addr, len, prot & ~PROT_GROWSDOWN);
}
MUTANT(mprotect_growsdown_ignored, "mprotect: PROT_GROWSDOWN is ignored; only [addr, addr+len) changes",
       .mprotect = mprotect_growsdown_ignored);

static int mprotect_len_rounded_down(void *addr, size_t len, int prot)
{
	return real_mprotect(addr, len - len % page(), prot);
}
MUTANT(mprotect_len_rounded_down, "mprotect: a length that is not a page multiple is rounded down",
       .mprotect = mprotect_len_rounded_down);

static int mprotect_len_extra_page(void *addr, size_t len, int prot)
{
	return real_mprotect(addr, (len / page() + 1) * page(), prot);
}
MUTANT(mprotect_len_extra_page, "mprotect: the range is one page longer than asked (off by one rounding up)",
       .mprotect = mprotect_len_extra_page);

static int mprotect_enomem_as_efault(void *addr, size_t len, int prot)
{
	int ret = real_mprotect(addr, len, prot);

	if (ret == -1 && errno == ENOMEM)
		errno = EFAULT;
	return ret;
}
MUTANT(mprotect_enomem_as_efault, "mprotect: fails with EFAULT instead of ENOMEM (as Linux did before 2.4.19)",
       .mprotect = mprotect_enomem_as_efault);

static int mprotect_none_discards(void *addr, size_t len, int prot)
{
	if (prot == PROT_NONE)
		real_madvise(addr, len, MADV_DONTNEED);
	return real_mprotect(addr, len, prot);
}
MUTANT(mprotect_none_discards, "mprotect: PROT_NONE discards the pages' contents (zero-filled when made accessible)",
       .mprotect = mprotect_none_discards);

static int mprotect_none_unmaps(void *addr, size_t len, int prot)
{
	return prot == PROT_NONE ? real_munmap(addr, len) : real_mprotect(addr, len, prot);
}
MUTANT(mprotect_none_unmaps, "mprotect: PROT_NONE unmaps the range (its faults say SEGV_MAPERR)",
       .mprotect = mprotect_none_unmaps);

static int mprotect_exec_dropped(void *addr, size_t len, int prot)
{
	return real_mprotect(addr, len, prot & ~PROT_EXEC);
}
MUTANT(mprotect_exec_dropped, "mprotect: PROT_EXEC is dropped; the memory stays non-executable",
       .mprotect = mprotect_exec_dropped);

static int mprotect_read_implies_exec(void *addr, size_t len, int prot)
{
	return real_mprotect(addr, len, prot & PROT_READ ? prot | PROT_EXEC : prot);
}
MUTANT(mprotect_read_implies_exec, "mprotect: PROT_READ implies PROT_EXEC although READ_IMPLIES_EXEC is not set",
       .mprotect = mprotect_read_implies_exec);

static int mprotect_write_only_none(void *addr, size_t len, int prot)
{
	if ((prot & PROT_WRITE) && !(prot & PROT_READ))
		prot = PROT_NONE;
	return real_mprotect(addr, len, prot);
}
MUTANT(mprotect_write_only_none, "mprotect: PROT_WRITE without PROT_READ gives no access at all",
       .mprotect = mprotect_write_only_none);

static int pkey_mprotect_minus_one_noop(void *addr, size_t len, int prot, int pkey)
{
	return pkey == -1 ? 0 : real_pkey_mprotect(addr, len, prot, pkey);
}
MUTANT(pkey_mprotect_minus_one_noop, "pkey_mprotect: with pkey -1 returns 0 and changes nothing",
       .pkey_mprotect = pkey_mprotect_minus_one_noop);

static int pkey_mprotect_unallocated_ignored(void *addr, size_t len, int prot, int pkey)
{
	int ret = real_pkey_mprotect(addr, len, prot, pkey);

	if (ret == -1 && errno == EINVAL && pkey != -1)
		ret = real_pkey_mprotect(addr, len, prot, -1);
	return ret;
}
MUTANT(pkey_mprotect_unallocated_ignored, "pkey_mprotect: a pkey never allocated is ignored (taken as -1)",
       .pkey_mprotect = pkey_mprotect_unallocated_ignored);

/*
 * Claim: After mprotect(PROT_WRITE) a store to the page succeeds, and a read of it returns the stored byte on x86 (PROT_WRITE implies PROT_READ there) and elsewhere returns the stored byte or raises SIGSEGV.
 * Source: Linux man-pages mprotect(2), NOTES: "On some hardware architectures (e.g., i386), PROT_WRITE implies PROT_READ."
 * Source: POSIX.1-2017 mprotect(), DESCRIPTION: "An implementation may permit accesses other than those specified by prot"; PROT_WRITE is one of the values implementations "shall support"
 * Tags: mprotect signal anonymous private unspecified
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"

/* In a child: store, then read the byte back. */
static int store_and_read(void *addr)
{
	*(volatile unsigned char *)addr = 0x5a;
	return *(volatile unsigned char *)addr;
}

int main(void)
{
	struct mc_status store, st;
	int x86 = 0;
	size_t pg;
	char *p;

#if defined(__x86_64__) || defined(__i386__)
	x86 = 1;
#endif
	mc_begin();
	pg = mc_page_size();
	p = SAFE_MMAP(NULL, pg, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	SAFE(mprotect(p, pg, PROT_WRITE));

	store = mc_probe_write(p);
	st = mc_probe(store_and_read, p);
	mc_observe("store", "%s", mc_signal_name(store.signo));
	mc_observe("read", "%s/0x%02x", mc_signal_name(st.signo), st.signo ? 0 : st.value);
	mc_observe("write_implies_read", "%s", st.signo == 0 && st.value == 0x5a ? "yes" : "no");
	mc_check(store.signo == 0, "store to the PROT_WRITE page: %s, expected none", mc_signal_name(store.signo));
	if (x86)
		mc_check(st.signo == 0 && st.value == 0x5a, "x86: read of the PROT_WRITE page: %s, 0x%x, expected 0x5a",
			 mc_signal_name(st.signo), st.value);
	else
		mc_check((st.signo == 0 && st.value == 0x5a) || st.signo == SIGSEGV,
			 "read of the PROT_WRITE page: %s, 0x%x, expected 0x5a or SIGSEGV",
			 mc_signal_name(st.signo), st.value);
	return mc_finish();
}

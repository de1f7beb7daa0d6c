/*
 * Claim: After mprotect() changes a PROT_READ private anonymous mapping to PROT_READ|PROT_WRITE, a store to it succeeds and reads back.
 * Source: Linux man-pages mprotect(2), DESCRIPTION: "PROT_WRITE The memory can be modified."
 * Source: POSIX.1-2017 mprotect(), DESCRIPTION: "Implementations shall support at least the following values of prot: PROT_NONE, PROT_READ, PROT_WRITE, and the bitwise-inclusive OR of PROT_READ and PROT_WRITE"
 * Tags: mprotect signal anonymous private
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
	struct mc_status st;
	size_t pg;
	char *p;

	mc_begin();
	pg = mc_page_size();
	p = SAFE_MMAP(NULL, pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mc_probe_write(p).signo == 0)	/* the page starts read-only (SIGSEGV, or SIGBUS on macOS) */
		mc_broken("a store to the PROT_READ mapping did not fault");
	SAFE(mprotect(p, pg, PROT_READ | PROT_WRITE));

	st = mc_probe(store_and_read, p);
	mc_observe_status(st);
	mc_check(st.signo == 0 && st.value == 0x5a,
		 "store after mprotect(PROT_READ|PROT_WRITE): %s, read back 0x%x, expected no signal and 0x5a",
		 mc_signal_name(st.signo), st.value);
	return mc_finish();
}

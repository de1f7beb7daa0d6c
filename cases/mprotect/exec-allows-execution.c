/*
 * Claim: After mprotect() adds PROT_EXEC to a page holding machine code, calling that code runs it and returns.
 * Source: Linux man-pages mprotect(2), DESCRIPTION: "PROT_EXEC The memory can be executed."
 * Source: POSIX.1-2017 mprotect(), DESCRIPTION: "The parameter prot determines whether read, write, execute, or some combination of accesses are permitted"
 * Tags: mprotect signal anonymous private
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"

#if defined(__x86_64__)
/* In a child: call the code at addr (a single `ret`), then report 1. */
static int call_it(void *addr)
{
	void (*fn)(void);

	memcpy(&fn, &addr, sizeof(fn));
	fn();
	return 1;
}

int main(void)
{
	struct mc_status st;
	size_t pg;
	unsigned char *p;

	mc_begin();
	pg = mc_page_size();
	/* Written while writable, then made executable: never W and X together. */
	p = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	p[0] = 0xc3;	/* x86-64: ret */
	SAFE(mprotect(p, pg, PROT_READ | PROT_EXEC));
	__builtin___clear_cache((char *)p, (char *)p + 1);

	st = mc_probe(call_it, p);
	mc_observe_status(st);
	mc_check(st.signo == 0 && st.value == 1, "call into the PROT_READ|PROT_EXEC page: %s, expected it to return",
		 mc_signal_name(st.signo));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("the case places x86-64 machine code; this is not x86-64");
}
#endif

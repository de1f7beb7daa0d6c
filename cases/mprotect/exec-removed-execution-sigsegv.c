/*
 * Claim: After mprotect() changes an executable page holding machine code to PROT_READ, calling that code raises SIGSEGV (x86-64 with no-execute support).
 * Source: Linux man-pages mprotect(2), DESCRIPTION: "If the calling process tries to access memory in a manner that violates the protections, then the kernel generates a SIGSEGV signal"; NOTES: "Whether PROT_EXEC has any effect different from PROT_READ depends on processor architecture, kernel version, and process state"
 * Source: Linux man-pages mprotect(2), NOTES: "If READ_IMPLIES_EXEC is set in the process's personality flags (see personality(2)), specifying PROT_READ will implicitly add PROT_EXEC." (the case skips then)
 * Tags: mprotect signal anonymous private procfs
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"

#if defined(__x86_64__)
#ifdef __linux__
#include <sys/personality.h>
#endif

static int call_it(void *addr)
{
	void (*fn)(void);

	memcpy(&fn, &addr, sizeof(fn));
	fn();
	return 1;
}

/* Linux: the CPU's "nx" flag in /proc/cpuinfo; elsewhere (no such file) x86-64 is taken to have it. */
static int cpu_lacks_nx(void)
{
	char line[4096];
	int lacks = 0;
	FILE *f = fopen("/proc/cpuinfo", "r");

	while (f && fgets(line, sizeof(line), f))
		if (strncmp(line, "flags", 5) == 0) {
			lacks = !strstr(line, " nx");
			break;
		}
	if (f)
		fclose(f);
	return lacks;
}

int main(void)
{
	struct mc_status ctl, st;
	size_t pg;
	unsigned char *p;

	mc_begin();
#ifdef READ_IMPLIES_EXEC
	if (personality(0xffffffff) & READ_IMPLIES_EXEC)
		mc_skip("the READ_IMPLIES_EXEC personality is set: PROT_READ implies PROT_EXEC");
#endif
	if (cpu_lacks_nx())
		mc_skip("this CPU has no no-execute (nx) support: readable memory is executable");
	pg = mc_page_size();
	p = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	p[0] = 0xc3;	/* x86-64: ret */
	SAFE(mprotect(p, pg, PROT_READ | PROT_EXEC));
	__builtin___clear_cache((char *)p, (char *)p + 1);
	ctl = mc_probe(call_it, p);	/* the code runs while PROT_EXEC is set */
	if (ctl.signo != 0 || ctl.value != 1)
		mc_broken("the code did not run from a PROT_READ|PROT_EXEC page: %s", mc_signal_name(ctl.signo));
	SAFE(mprotect(p, pg, PROT_READ));

	st = mc_probe(call_it, p);
	mc_observe_status(st);
	mc_check(st.signo == SIGSEGV, "call into the page after mprotect(PROT_READ): %s, expected SIGSEGV",
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

/* Mutants of msync() and mincore(): error paths that succeed, effects not done, wrong results. */
#include "inject.h"

static int msync_noop(void *addr, size_t len, int flags)
{
	(void)addr, (void)len, (void)flags;
	return 0;
}
MUTANT(msync_mincore_msync_noop, "msync: returns 0 and writes nothing", .msync = msync_noop);

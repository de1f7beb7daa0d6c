/*
 * Claim: after mlockall(MCL_FUTURE), a new MAP_DROPPABLE mapping is not locked (no "lo" in its VmFlags), while a new private mapping is.
 * Source: Linux mm/mmap.c do_mmap() (6.11 and later), case MAP_DROPPABLE: "A locked or stack area makes no sense to be droppable."
 * Source: Linux commit d239462787b0 "mm: prevent droppable mappings from being locked" (Linux 7.1; backported to 6.12.y and 6.18.y): "Droppable mappings must not be lockable"; mlockall(MCL_FUTURE) set VM_LOCKED on them before
 * Source: Linux man-pages proc_pid_smaps(5): VmFlags "lo pages are locked in memory"
 * Covers: MAP_DROPPABLE(kernel) NOT_LOCKED "mlockall(MCL_FUTURE)"
 * Tags: mmap mlock extension anonymous procfs privileges fork
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"

#ifdef __linux__
/* What the child, whose later mappings alone get locked, saw: -1 where unknown. */
struct seen { int err, private_lo, droppable_lo; };

static int map_after_lock_future(void *arg)
{
	struct seen *s = arg;
	size_t pg = mc_page_size();
	void *private, *droppable;

	if ((s->err = mlockall(MCL_FUTURE) == -1 ? errno : 0))
		return 0;
	private = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	droppable = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_DROPPABLE | MAP_ANONYMOUS, -1, 0);
	s->private_lo = mc_smaps_has_flag(private, "lo");
	s->droppable_lo = mc_smaps_has_flag(droppable, "lo");
	return 0;
}

int main(void)
{
	struct mc_status st;
	struct seen *s;
	size_t pg;

	mc_begin();
	pg = mc_page_size();
	mc_require_droppable();	/* control: the mapping type is known here */
	mc_require_lock_room(2);	/* the child starts with nothing locked: locks are not inherited */
	s = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	s->err = s->private_lo = s->droppable_lo = -1;
	st = mc_probe(map_after_lock_future, s);
	if (st.signo)
		mc_broken("child killed by %s", mc_signal_name(st.signo));
	if (s->err)
		mc_broken("mlockall(MCL_FUTURE) failed: %s", mc_errno_name(s->err));
	if (s->private_lo < 0 || s->droppable_lo < 0)
		mc_broken("no area containing the new mappings in /proc/self/smaps (or no VmFlags line)");
	mc_observe("private_vmflags_lo", "%s", s->private_lo ? "yes" : "no");
	mc_observe("droppable_vmflags_lo", "%s", s->droppable_lo ? "yes" : "no");
	/* the control: MCL_FUTURE acted on a mapping that may be locked */
	if (!s->private_lo)
		mc_broken("after mlockall(MCL_FUTURE) a new private mapping is not locked either: no evidence the call acted");
	mc_check(!s->droppable_lo, "after mlockall(MCL_FUTURE) the new MAP_DROPPABLE mapping is locked (VmFlags \"lo\")");
	SAFE(munmap(s, pg));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MAP_DROPPABLE and /proc/self/smaps VmFlags are Linux interfaces; not a Linux build");
}
#endif

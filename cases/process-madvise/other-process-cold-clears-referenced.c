/*
 * Claim: process_madvise(MADV_COLD) with a pidfd of a child process, over a range the child has just written, returns the range's length and clears the child's referenced state of those pages (its smaps Referenced drops to 0), while a range not advised keeps its own.
 * Source: Linux man-pages process_madvise(2), DESCRIPTION: "The process_madvise() system call is used to give advice or directions to the kernel about the address ranges of another process or of the calling process." ... "MADV_COLD See madvise(2)."; RETURN VALUE: "returns the number of bytes advised."
 * Source: Linux man-pages madvise(2), MADV_COLD: "Deactivate a given range of pages."; proc_pid_smaps(5): "Referenced" indicates the amount of memory currently marked as referenced or accessed (mm/madvise.c: MADV_COLD clears the young and referenced state before deactivating)
 * Claim-call: process_madvise
 * Tags: process_madvise madvise fork anonymous private extension privileges procfs
 * Requires: linux
 */
#define _DEFAULT_SOURCE	/* mc_map_isolated, MAP_ANONYMOUS, madvise, MADV_COLD, mc_unmap_isolated */
#include "mmapcheck.h"

#ifdef __linux__
#define NPAGES 4
enum { READY = 1, NOTHING_REFERENCED, ADVISED, COLD, STILL_REFERENCED, CONTROL_AGED, STOP };

int main(void)
{
	struct mc_turns t;
	struct iovec iov;
	unsigned char *control, *drain, answer = 0;
	long ret = -1;
	int pidfd, tries, saved = 0;

	mc_begin();
	iov.iov_len = NPAGES * mc_page_size();
	iov.iov_base = mc_map_isolated(iov.iov_len);	/* smaps must count this range alone */
	/* Shared, so that it never merges with the advised area: smaps counts per area. */
	control = SAFE_MMAP(NULL, iov.iov_len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	drain = SAFE_MMAP(NULL, mc_page_size(), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mc_turns_fork(&t) == 0) {
		while (mc_turns_recv(&t) == READY) {	/* one try: store, let the parent advise, look */
			long long control_before;

			memset(iov.iov_base, 0xa5, iov.iov_len);
			memset(control, 0xa5, iov.iov_len);
			/* MADV_COLD passes over pages not yet on an LRU list, still in the per-CPU
			 * batch of the CPU that faulted them in, and drains only the caller's CPU
			 * (observed here: 11 of 300 remote tries left every page referenced, none once
			 * the child drained): the child drains its own, as madvise() does first
			 * (lru_add_drain()), with advice on a page of its own. */
			SAFE(madvise(drain, mc_page_size(), MADV_COLD));
			control_before = mc_smaps_kb(control, "Referenced");
			if (mc_smaps_kb(iov.iov_base, "Referenced") <= 0 || control_before <= 0) {
				mc_turns_send(&t, NOTHING_REFERENCED);
				continue;
			}
			mc_turns_send(&t, READY);
			mc_turns_recv(&t);	/* ADVISED */
			mc_turns_send(&t, mc_smaps_kb(control, "Referenced") != control_before ? CONTROL_AGED :
				      mc_smaps_kb(iov.iov_base, "Referenced") == 0 ? COLD : STILL_REFERENCED);
		}
		_exit(0);
	}
	pidfd = (int)mc_pidfd_open(t.pid, 0);
	/* Another try if something else aged the control, or if the child moved to another
	 * CPU between its stores and its drain; a call that does nothing fails every try. */
	for (tries = 0; pidfd >= 0 && tries < 5 && (tries == 0 || answer == CONTROL_AGED || answer == STILL_REFERENCED);
	     tries++) {
		mc_turns_send(&t, READY);
		if ((answer = mc_turns_recv(&t)) != READY)
			break;
		ret = mc_process_madvise(pidfd, &iov, 1, MADV_COLD, 0);
		saved = errno;
		mc_turns_send(&t, ADVISED);
		answer = mc_turns_recv(&t);
		if (ret == -1)
			break;
	}
	saved = pidfd < 0 ? errno : saved;
	mc_turns_send(&t, STOP);
	mc_wait(t.pid);
	errno = saved;
	mc_require_call(pidfd, "pidfd_open", "5.3");
	mc_require_call(ret, "process_madvise", "5.10");
	if (ret == -1 && saved == EPERM)
		mc_skip("process_madvise() of a child is refused (EPERM): this process lacks CAP_SYS_NICE in the initial user namespace");
	if (answer == NOTHING_REFERENCED)
		mc_skip("the child's /proc/self/smaps shows no Referenced pages right after its stores: MADV_COLD's effect cannot be observed");
	if (answer == CONTROL_AGED)	/* a fact about the machine, not the claim */
		mc_skip("something else (reclaim on a busy machine) aged the child's control area's pages in each of %d tries: "
			"MADV_COLD's own effect cannot be observed here", tries);
	mc_observe("returned", "%ld", ret);
	mc_observe("child_referenced", "%s", answer == COLD ? "cleared" : "kept");
	mc_check(ret == (long)iov.iov_len, "process_madvise() returned %ld (%s), not %zu", ret,
		 ret < 0 ? mc_errno_name(saved) : "no error", iov.iov_len);
	mc_check(answer == COLD, "the child's pages are still referenced after MADV_COLD");
	mc_unmap_isolated(iov.iov_base, iov.iov_len);
	SAFE(munmap(control, iov.iov_len));
	SAFE(munmap(drain, mc_page_size()));
	if (pidfd >= 0)
		SAFE(close(pidfd));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("process_madvise() is a Linux interface; not a Linux build");
}
#endif

/*
 * Claim: After madvise(MADV_DONTFORK) and then madvise(MADV_DOFORK) over a written private anonymous range, a fork child can read the range and sees the parent's data.
 * Source: Linux man-pages madvise(2), MADV_DOFORK: "Undo the effect of MADV_DONTFORK, restoring the default behavior, whereby a mapping is inherited across fork(2)."
 * Tags: madvise anonymous private fork extension
 * Requires: linux
 * Claim-call: madvise_dofork
 */
#define _DEFAULT_SOURCE	/* MADV_DOFORK */
#include "mmapcheck.h"

#ifdef MADV_DOFORK
#define NPAGES 4

static size_t len;

enum { PARENT_DATA, ZERO, OTHER };
static const char *const seen_name[] = { "parent_data", "zero", "other" };

/* In the fork child: what the whole range reads. */
static int child_sees(void *arg)
{
	const volatile unsigned char *p = arg;
	size_t i, a5 = 0, zero = 0;

	for (i = 0; i < len; i++) {
		a5 += p[i] == 0xa5;
		zero += p[i] == 0;
	}
	return a5 == len ? PARENT_DATA : zero == len ? ZERO : OTHER;
}

int main(void)
{
	struct mc_status st;
	size_t i, parent_changed = 0;
	unsigned char *p;

	mc_begin();
	len = NPAGES * mc_page_size();
	p = SAFE_MMAP(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(p, 0xa5, len);
	SAFE(madvise(p, len, MADV_DONTFORK));
	/* The first step must show in a child, or there is nothing to undo. */
	st = mc_probe(child_sees, p);	/* fork() */
	mc_observe("child_after_dontfork", "%s", st.signo ? mc_signal_name(st.signo) : seen_name[st.value]);
	if (st.signo != SIGSEGV)
		mc_skip("after MADV_DONTFORK a fork child %s%s, not SIGSEGV: nothing for MADV_DOFORK to undo",
			st.signo ? "got " : "reads ", st.signo ? mc_signal_name(st.signo) : seen_name[st.value]);
	MC_EXPECT_ERRNO(madvise(p, len, MADV_DOFORK), 0);

	st = mc_probe(child_sees, p);	/* fork() */
	for (i = 0; i < len; i++)
		parent_changed += p[i] != 0xa5;

	mc_observe_status(st);
	mc_observe("child_sees", "%s", st.signo ? "fault" : seen_name[st.value]);
	mc_observe("parent_changed_bytes", "%zu", parent_changed);
	mc_check(st.signo == 0, "the child faulted reading the range (%s)", mc_signal_name(st.signo));
	mc_check(st.signo == 0 && st.value == PARENT_DATA, "the child reads %s, not the parent's data",
		 st.signo ? "nothing" : seen_name[st.value]);
	mc_check(parent_changed == 0, "%zu of %zu bytes changed in the parent", parent_changed, len);
	SAFE(munmap(p, len));
	return mc_finish();
}
#else
int main(void)
{
	mc_begin();
	mc_skip("MADV_DOFORK is not defined on this platform");
}
#endif

/*
 * Claim: After madvise(MADV_WIPEONFORK) and then madvise(MADV_KEEPONFORK) over a written private anonymous range, a fork child reads the parent's data, not zero.
 * Source: Linux man-pages madvise(2), MADV_KEEPONFORK: "Undo the effect of an earlier MADV_WIPEONFORK."
 * Source: FreeBSD minherit(2), INHERIT_COPY: "the child to inherit the address space as copy-on-write" (OpenBSD, NetBSD: MAP_INHERIT_COPY), after INHERIT_ZERO
 * Tags: madvise anonymous private fork extension
 * Claim-call: madvise_keeponfork
 */
#define _DEFAULT_SOURCE	/* MADV_KEEPONFORK */
#include "mmapcheck.h"

#if defined(MADV_KEEPONFORK)
#define SPELLING "MADV_WIPEONFORK,MADV_KEEPONFORK"
#define wipe_on_fork(p, len) madvise(p, len, MADV_WIPEONFORK)
#define keep_on_fork(p, len) madvise(p, len, MADV_KEEPONFORK)
#elif defined(INHERIT_ZERO)	/* FreeBSD */
#define SPELLING "minherit(INHERIT_ZERO),minherit(INHERIT_COPY)"
#define wipe_on_fork(p, len) minherit(p, len, INHERIT_ZERO)
#define keep_on_fork(p, len) minherit(p, len, INHERIT_COPY)
#elif defined(MAP_INHERIT_ZERO)	/* OpenBSD, NetBSD */
#define SPELLING "minherit(MAP_INHERIT_ZERO),minherit(MAP_INHERIT_COPY)"
#define wipe_on_fork(p, len) minherit(p, len, MAP_INHERIT_ZERO)
#define keep_on_fork(p, len) minherit(p, len, MAP_INHERIT_COPY)
#endif

#ifdef SPELLING
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
	mc_observe("spelling", SPELLING);
	len = NPAGES * mc_page_size();
	p = SAFE_MMAP(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(p, 0xa5, len);
	if (wipe_on_fork(p, len) != 0) {
		if (errno == EINVAL)
			mc_skip("MADV_WIPEONFORK is an invalid advice here (EINVAL): nothing for MADV_KEEPONFORK to undo");
		mc_broken("madvise(MADV_WIPEONFORK) failed: %s", mc_errno_name(errno));
	}
	/* The first step must show in a child, or there is nothing to undo. */
	st = mc_probe(child_sees, p);	/* fork() */
	mc_observe("child_sees_after_wipeonfork", "%s", st.signo ? "fault" : seen_name[st.value]);
	if (st.signo || st.value != ZERO)
		mc_skip("after MADV_WIPEONFORK a fork child reads %s, not zero: nothing for MADV_KEEPONFORK to undo",
			st.signo ? mc_signal_name(st.signo) : seen_name[st.value]);
	MC_EXPECT_ERRNO(keep_on_fork(p, len), 0);

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
	mc_skip("MADV_KEEPONFORK: not provided by this system (nor minherit() INHERIT_COPY after INHERIT_ZERO)");
}
#endif

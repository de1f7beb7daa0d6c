/*
 * Claim: Memory given a key allocated with PKEY_DISABLE_WRITE stays readable, and a store to it raises SIGSEGV with si_code SEGV_PKUERR.
 * Source: Linux man-pages pkey_alloc(2), DESCRIPTION: "PKEY_DISABLE_WRITE Disable write access to memory covered by the returned protection key."
 * Source: Linux man-pages sigaction(2), si_code for SIGSEGV: "SEGV_PKUERR (since Linux 4.6) Access was denied by memory protection keys."
 * Tags: pkey signal extension anonymous
 * Requires: linux
 * Claim-call: pkey_alloc
 * Not-mutated: it skips where no protection key can be allocated (this host: a CPU without pku), so no mutant can turn a pass into a fail here; where keys exist the no-op of pkey_mprotect (make vacuity) breaks it
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "mmapcheck.h"

#ifndef SEGV_PKUERR
#define SEGV_PKUERR 4	/* include/uapi/asm-generic/siginfo.h */
#endif

int main(void)
{
#ifdef __linux__
	struct mc_status ctl, rd, wr;
	size_t pg = mc_page_size();
	long key;
	char *p;

	mc_begin();
	key = mc_pkey_alloc(0, PKEY_DISABLE_WRITE);
	mc_require_call(key, "pkey_alloc", "4.9");
	if (key == -1 && (errno == ENOSPC || errno == EINVAL))	/* valid arguments: no key to give */
		mc_skip("pkey_alloc() fails with %s: no protection key can be allocated here, as on a CPU without "
			"pku (pkey_alloc(2) says ENOSPC for that; x86 kernels answer EINVAL)", mc_errno_name(errno));
	if (key == -1)
		mc_broken("pkey_alloc(0, PKEY_DISABLE_WRITE) failed: %s", mc_errno_name(errno));
	p = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ctl = mc_probe_write(p);	/* control: the page takes stores before it has the key */
	SAFE(mc_pkey_mprotect(p, pg, PROT_READ | PROT_WRITE, (int)key));
	rd = mc_probe_read(p);
	wr = mc_probe_write(p);
	mc_observe_status(wr);
	SAFE(munmap(p, pg));
	SAFE(mc_pkey_free((int)key));
	if (ctl.signo)
		mc_broken("a store before the key was assigned raised %s", mc_signal_name(ctl.signo));
	mc_check(rd.signo == 0, "a load under a PKEY_DISABLE_WRITE key raised %s", mc_signal_name(rd.signo));
	mc_check(wr.signo == SIGSEGV && wr.code == SEGV_PKUERR, "a store under a PKEY_DISABLE_WRITE key: %s %s",
		 mc_signal_name(wr.signo), mc_code_name(wr.signo, wr.code));
	return mc_finish();
#else
	mc_begin();
	mc_skip("protection keys (pkey_alloc) are a Linux interface");
#endif
}

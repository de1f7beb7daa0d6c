/*
 * Claim: Reading a page of a file mapping wholly past the end of the file raises SIGBUS with si_code BUS_ADRERR on Linux (BUS_ADRERR or BUS_OBJERR elsewhere), a fault code, not the code of a sent signal.
 * Source: Linux arch/x86/mm/fault.c, do_sigbus(): a VM_FAULT_SIGBUS fault is delivered as force_sig_fault(SIGBUS, BUS_ADRERR, address)
 * Source: Linux man-pages sigaction(2), siginfo_t: SIGBUS si_code "BUS_ADRERR Nonexistent physical address."; mmap(2), signals: "SIGBUS Attempted access to a page of the buffer that lies beyond the end of the mapped file."
 * Source: FreeBSD sys/vm/vm_fault.c, vm_fault_trap(): a pager error past the object is SIGBUS with BUS_OBJERR
 * Covers: mmap(2) SIGBUS
 * Tags: mmap file signal
 */
#include "mmapcheck.h"

int main(void)
{
	struct mc_status st;
	size_t pg;
	char *p;
	int fd;

	mc_begin();
	pg = mc_page_size();
	fd = (int)SAFE(open(mc_file("data", pg + 1, 'a'), O_RDONLY));
	p = SAFE_MMAP(NULL, 3 * pg, PROT_READ, MAP_PRIVATE, fd, 0);

	st = mc_probe_read(p + 2 * pg);	/* page 2: the file ends one byte into page 1 */
	mc_observe_status(st);
	mc_check(st.signo == SIGBUS, "reading a page past EOF gave %s, not SIGBUS", mc_signal_name(st.signo));
#ifdef __linux__
	mc_check(st.signo != SIGBUS || st.code == BUS_ADRERR, "si_code is %s, not BUS_ADRERR",
		 mc_code_name(st.signo, st.code));
#else
	mc_check(st.signo != SIGBUS || st.code == BUS_ADRERR || st.code == BUS_OBJERR,
		 "si_code is %s, neither BUS_ADRERR nor BUS_OBJERR", mc_code_name(st.signo, st.code));
#endif
	return mc_finish();
}

/*
 * Claim: write() from a buffer that runs into a page of a file mapping wholly past EOF returns an error (EFAULT) or a short count of the bytes before that page; the process gets no signal.
 * Source: Linux man-pages write(2), ERRORS: "EFAULT buf is outside your accessible address space."; DESCRIPTION: "The number of bytes written may be less than count"
 * Source: POSIX.1-2017 write(), RETURN VALUE: a count of bytes actually written, "never greater than nbyte"; ERRORS: an invalid buffer is not a signal
 * Tags: mmap file signal
 */
#include "mmapcheck.h"

static char *buf;
static int out;

/* In a child: a signal would be reported by mc_probe; returns errno, or 1000 + the count. */
static int write_it(void *arg)
{
	ssize_t n = write(out, buf, 32);

	(void)arg;
	return n == -1 ? errno : 1000 + (int)n;
}

int main(void)
{
	struct mc_status st;
	size_t pg;
	char *p;
	int fd;

	mc_begin();
	pg = mc_page_size();
	fd = (int)SAFE(open(mc_file("data", pg, 'a'), O_RDONLY));
	out = (int)SAFE(open(mc_file("out", 0, 0), O_WRONLY));
	p = SAFE_MMAP(NULL, 2 * pg, PROT_READ, MAP_SHARED, fd, 0);
	buf = p + pg - 16;	/* 16 bytes of the file, then the page past EOF */

	st = mc_probe(write_it, NULL);
	mc_observe_status(st);
	if (st.signo == 0 && st.value < 1000)
		mc_observe("errno", "%s", mc_errno_name(st.value));
	else if (st.signo == 0)
		mc_observe("count", "%d", st.value - 1000);
	mc_check(st.signo == 0, "write() from a buffer past EOF killed the process with %s", mc_signal_name(st.signo));
	mc_check(st.signo != 0 || st.value == EFAULT || (st.value >= 1000 && st.value <= 1016),
		 "write() returned %s, neither EFAULT nor at most the 16 bytes before EOF",
		 st.value < 1000 ? mc_errno_name(st.value) : "a longer count");
	return mc_finish();
}

/*
 * Claim: A store through a MAP_SHARED file mapping is visible to an unrelated process (here one started with exec) that has mapped the same file itself.
 * Source: Linux man-pages mmap(2), MAP_SHARED: "Updates to the mapping are visible to other processes mapping the same region, and ... are carried through to the underlying file."
 * Source: POSIX.1-2017 mmap(), DESCRIPTION: if MAP_SHARED is specified, write references change the underlying object
 * Tags: mmap file shared exec coherence
 */
#include "mmapcheck.h"

/* The exec'd peer: maps the file, says "ready", waits for "go", reports the byte. */
static void peer(const char *path, int rfd, int wfd)
{
	size_t pg = mc_page_size();
	int fd = open(path, O_RDONLY);
	volatile char *p;
	char c;

	p = fd == -1 ? MAP_FAILED : mmap(NULL, pg, PROT_READ, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		_exit(MC_CHILD_BROKEN);
	c = p[pg / 2];	/* fault the page in before the store */
	if (write(wfd, &c, 1) != 1 || read(rfd, &c, 1) != 1)
		_exit(MC_CHILD_BROKEN);
	c = p[pg / 2];
	_exit(write(wfd, &c, 1) == 1 ? 0 : MC_CHILD_BROKEN);
}

int main(int argc, char **argv)
{
	int go[2], back[2], fd;
	char c = 0, rfd[16], wfd[16], *p;
	const char *path;
	size_t pg;
	pid_t pid;

	if (argc == 5 && strcmp(argv[1], "--peer") == 0)
		peer(argv[2], atoi(argv[3]), atoi(argv[4]));
	mc_begin();
	pg = mc_page_size();
	path = mc_file("data", pg, 'a');
	fd = (int)SAFE(open(path, O_RDWR));
	p = SAFE_MMAP(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	SAFE(pipe(go));
	SAFE(pipe(back));
	snprintf(rfd, sizeof(rfd), "%d", go[0]);
	snprintf(wfd, sizeof(wfd), "%d", back[1]);

	pid = mc_fork();
	if (pid == 0) {
		static char flag[] = "--peer";
		char *args[] = { argv[0], flag, (char *)path, rfd, wfd, NULL };

		execv(argv[0], args);	/* not execvp: no fallback to sh on ENOEXEC */
		mc_note("execv(%s) failed: %s", argv[0], mc_errno_name(errno));
		_exit(MC_CHILD_BROKEN);
	}
	close(back[1]);		/* EOF, not a hang, if the peer dies */
	if (read(back[0], &c, 1) != 1)
		mc_broken("peer exited with %d before it was ready", mc_wait(pid));
	p[pg / 2] = 'Z';
	SAFE(write(go[1], "g", 1));
	if (read(back[0], &c, 1) != 1)
		c = 0;
	mc_wait(pid);

	mc_observe("peer_saw", "0x%02x", (unsigned char)c);
	mc_check(c == 'Z', "exec'd peer read 0x%02x after the store of 'Z'", (unsigned char)c);
	return mc_finish();
}

/*
 * noop.c: the vacuity check's two kinds of "mutant" for the fault injector
 * (tests/mutants/inject.c, linked with this file alone into build/vacuity/noop.so;
 * the bug mutants beside inject.c are not linked in).
 *
 *   trace           every call below behaves as the C library's, and the first
 *                   call of each in a process writes "mmapcheck-trace: NAME" on
 *                   stderr (a forked child reports again only what it calls
 *                   first; an exec'd program starts afresh).
 *   noop-NAME       that one call returns success and does nothing.
 *
 * What "success, nothing done" is for each call:
 *   munmap mprotect pkey_mprotect msync madvise posix_madvise mlock mlock2
 *   munlock mlockall munlockall ftruncate truncate shm_unlink mseal pkey_free
 *   remap_file_pages return 0
 *   mincore          return 0 and leave vec as the caller left it
 *   cachestat        return 0 and leave cstat as the caller left it
 *   process_madvise  return the iovecs' total length: every byte "advised"
 *   mremap           return old_address: what an in-place resize returns
 *                    (with MREMAP_FIXED the caller sees its mapping where it was)
 *   madvise_dodump, madvise_dofork, madvise_keeponfork
 *                    madvise() with that one advice returns 0 and does nothing;
 *                    every other advice acts: the claim of an undo case is
 *                    about the undo, and its first step must still act for
 *                    the undo to be tried at all (a whole-madvise no-op makes
 *                    such a case skip, "nothing to undo", which proves nothing)
 *   fcntl_add_seals  fcntl(fd, F_ADD_SEALS, ...) returns 0 and adds no seal;
 *                    F_GET_SEALS and every other command are left alone: a
 *                    query has no effect to skip, and a made-up answer would be
 *                    a different bug, not a no-op.
 * mmap, memfd_create, shm_open, memfd_secret, pkey_alloc and map_shadow_stack
 * are neither traced nor no-op'd: a successful no-op of them has no address,
 * descriptor or key to return.  The calls made through syscall() by number
 * (harness/mc_linux_calls.h) reach these like the C library's named ones.
 *
 * A no-op'd shm_unlink leaves the name behind; so that the run leaves nothing
 * in /dev/shm, it writes "mmapcheck-noop-kept: NAME" on stderr and the runner
 * (tests/vacuity/run.py) unlinks that name after the case.
 */
#include "../mutants/inject.h"

/* The traced calls, in the order of their bit. */
#define TRACED(X) X(munmap) X(mprotect) X(pkey_mprotect) X(msync) X(madvise) X(posix_madvise) \
	X(mremap) X(mlock) X(mlock2) X(munlock) X(mlockall) X(munlockall) X(mincore) \
	X(ftruncate) X(truncate) X(fcntl_add_seals) X(shm_unlink) X(mseal) X(process_madvise) X(cachestat) \
	X(pkey_free) X(remap_file_pages)
#define BIT(fn) BIT_##fn,
enum { TRACED(BIT) N_TRACED };

/* stderr through the C library's write(): async-signal-safe, no stdio buffer
 * shared with the case. */
static void say(const char *what, const char *name)
{
	char line[320];
	size_t n = 0, i;

	for (i = 0; what[i] && n < sizeof(line) - 2; i++)
		line[n++] = what[i];
	for (i = 0; name[i] && n < sizeof(line) - 2; i++)
		line[n++] = name[i];
	line[n++] = '\n';
	(void)!real_write(2, line, n);
}

static void seen(int bit, const char *name)
{
	static unsigned long reported;	/* inherited by fork(): a child reports what is new to it */

	if (!(reported & (1UL << bit))) {
		reported |= 1UL << bit;
		say("mmapcheck-trace: ", name);
	}
}

static int t_munmap(void *a, size_t l) { seen(BIT_munmap, "munmap"); return real_munmap(a, l); }
static int t_mprotect(void *a, size_t l, int p) { seen(BIT_mprotect, "mprotect"); return real_mprotect(a, l, p); }
static int t_pkey_mprotect(void *a, size_t l, int p, int k)
{ seen(BIT_pkey_mprotect, "pkey_mprotect"); return real_pkey_mprotect(a, l, p, k); }
static int t_msync(void *a, size_t l, int f) { seen(BIT_msync, "msync"); return real_msync(a, l, f); }
static int t_madvise(void *a, size_t l, int v) { seen(BIT_madvise, "madvise"); return real_madvise(a, l, v); }
static int t_posix_madvise(void *a, size_t l, int v)
{ seen(BIT_posix_madvise, "posix_madvise"); return real_posix_madvise(a, l, v); }
static void *t_mremap(void *o, size_t ol, size_t nl, int f, void *na)
{ seen(BIT_mremap, "mremap"); return real_mremap(o, ol, nl, f, na); }
static int t_mlock(const void *a, size_t l) { seen(BIT_mlock, "mlock"); return real_mlock(a, l); }
static int t_mlock2(const void *a, size_t l, unsigned int f) { seen(BIT_mlock2, "mlock2"); return real_mlock2(a, l, f); }
static int t_munlock(const void *a, size_t l) { seen(BIT_munlock, "munlock"); return real_munlock(a, l); }
static int t_mlockall(int f) { seen(BIT_mlockall, "mlockall"); return real_mlockall(f); }
static int t_munlockall(void) { seen(BIT_munlockall, "munlockall"); return real_munlockall(); }
static int t_mincore(void *a, size_t l, unsigned char *v) { seen(BIT_mincore, "mincore"); return real_mincore(a, l, v); }
static int t_ftruncate(int fd, off_t l) { seen(BIT_ftruncate, "ftruncate"); return real_ftruncate(fd, l); }
static int t_truncate(const char *p, off_t l) { seen(BIT_truncate, "truncate"); return real_truncate(p, l); }
static int t_fcntl(int fd, int cmd, long arg)
{
	if (cmd == F_ADD_SEALS)
		seen(BIT_fcntl_add_seals, "fcntl_add_seals");
	return real_fcntl(fd, cmd, arg);
}
static int t_shm_unlink(const char *n) { seen(BIT_shm_unlink, "shm_unlink"); return real_shm_unlink(n); }
static int t_mseal(void *a, size_t l, unsigned long f) { seen(BIT_mseal, "mseal"); return real_mseal(a, l, f); }
static ssize_t t_process_madvise(int fd, const struct iovec *iov, size_t n, int v, unsigned int f)
{ seen(BIT_process_madvise, "process_madvise"); return real_process_madvise(fd, iov, n, v, f); }
static int t_cachestat(unsigned int fd, struct mc_cachestat_range *r, struct mc_cachestat *c, unsigned int f)
{ seen(BIT_cachestat, "cachestat"); return real_cachestat(fd, r, c, f); }
static int t_pkey_free(int k) { seen(BIT_pkey_free, "pkey_free"); return real_pkey_free(k); }
static int t_remap_file_pages(void *a, size_t s, int p, size_t o, int f)
{ seen(BIT_remap_file_pages, "remap_file_pages"); return real_remap_file_pages(a, s, p, o, f); }

MUTANT(trace, "vacuity: reports on stderr each memory-mapping call the process makes",
       .munmap = t_munmap, .mprotect = t_mprotect, .pkey_mprotect = t_pkey_mprotect, .msync = t_msync,
       .madvise = t_madvise, .posix_madvise = t_posix_madvise, .mremap = t_mremap, .mlock = t_mlock,
       .mlock2 = t_mlock2, .munlock = t_munlock, .mlockall = t_mlockall, .munlockall = t_munlockall,
       .mincore = t_mincore, .ftruncate = t_ftruncate, .truncate = t_truncate, .fcntl = t_fcntl,
       .shm_unlink = t_shm_unlink, .mseal = t_mseal, .process_madvise = t_process_madvise,
       .cachestat = t_cachestat, .pkey_free = t_pkey_free, .remap_file_pages = t_remap_file_pages);

static int n_munmap(void *a, size_t l) { (void)a, (void)l; return 0; }
static int n_mprotect(void *a, size_t l, int p) { (void)a, (void)l, (void)p; return 0; }
static int n_pkey_mprotect(void *a, size_t l, int p, int k) { (void)a, (void)l, (void)p, (void)k; return 0; }
static int n_msync(void *a, size_t l, int f) { (void)a, (void)l, (void)f; return 0; }
static int n_madvise(void *a, size_t l, int v) { (void)a, (void)l, (void)v; return 0; }
static void *n_mremap(void *o, size_t ol, size_t nl, int f, void *na) { (void)ol, (void)nl, (void)f, (void)na; return o; }
static int n_mlock(const void *a, size_t l) { (void)a, (void)l; return 0; }
static int n_mlock2(const void *a, size_t l, unsigned int f) { (void)a, (void)l, (void)f; return 0; }
static int n_mlockall(int f) { (void)f; return 0; }
static int n_munlockall(void) { return 0; }
static int n_mincore(void *a, size_t l, unsigned char *v) { (void)a, (void)l, (void)v; return 0; }
static int n_ftruncate(int fd, off_t l) { (void)fd, (void)l; return 0; }
static int n_truncate(const char *p, off_t l) { (void)p, (void)l; return 0; }
#define ONE_ADVICE_NOOP(name, advice) \
	static int n_##name(void *a, size_t l, int v) { return v == (advice) ? 0 : real_madvise(a, l, v); }
#ifdef MADV_DODUMP
ONE_ADVICE_NOOP(madvise_dodump, MADV_DODUMP)
#endif
#ifdef MADV_DOFORK
ONE_ADVICE_NOOP(madvise_dofork, MADV_DOFORK)
#endif
#ifdef MADV_KEEPONFORK
ONE_ADVICE_NOOP(madvise_keeponfork, MADV_KEEPONFORK)
#endif
static int n_fcntl(int fd, int cmd, long arg) { return cmd == F_ADD_SEALS ? 0 : real_fcntl(fd, cmd, arg); }
static int n_shm_unlink(const char *n) { say("mmapcheck-noop-kept: ", n); return 0; }
static int n_mseal(void *a, size_t l, unsigned long f) { (void)a, (void)l, (void)f; return 0; }
static ssize_t n_process_madvise(int fd, const struct iovec *iov, size_t n, int v, unsigned int f)
{
	ssize_t total = 0;

	(void)fd, (void)v, (void)f;
	while (n--)
		total += (ssize_t)iov[n].iov_len;
	return total;
}
static int n_cachestat(unsigned int fd, struct mc_cachestat_range *r, struct mc_cachestat *c, unsigned int f)
{ (void)fd, (void)r, (void)c, (void)f; return 0; }
static int n_pkey_free(int k) { (void)k; return 0; }
static int n_remap_file_pages(void *a, size_t s, int p, size_t o, int f) { (void)a, (void)s, (void)p, (void)o, (void)f; return 0; }

MUTANT(noop_munmap, "vacuity: munmap returns 0 and does nothing", .munmap = n_munmap);
MUTANT(noop_mprotect, "vacuity: mprotect returns 0 and does nothing", .mprotect = n_mprotect);
MUTANT(noop_pkey_mprotect, "vacuity: pkey_mprotect returns 0 and does nothing", .pkey_mprotect = n_pkey_mprotect);
MUTANT(noop_msync, "vacuity: msync returns 0 and does nothing", .msync = n_msync);
MUTANT(noop_madvise, "vacuity: madvise returns 0 and does nothing", .madvise = n_madvise);
MUTANT(noop_posix_madvise, "vacuity: posix_madvise returns 0 and does nothing", .posix_madvise = n_madvise);
#ifdef MADV_DODUMP
MUTANT(noop_madvise_dodump, "vacuity: madvise(MADV_DODUMP) returns 0 and does nothing", .madvise = n_madvise_dodump);
#endif
#ifdef MADV_DOFORK
MUTANT(noop_madvise_dofork, "vacuity: madvise(MADV_DOFORK) returns 0 and does nothing", .madvise = n_madvise_dofork);
#endif
#ifdef MADV_KEEPONFORK
MUTANT(noop_madvise_keeponfork, "vacuity: madvise(MADV_KEEPONFORK) returns 0 and does nothing",
       .madvise = n_madvise_keeponfork);
#endif
MUTANT(noop_mremap, "vacuity: mremap returns old_address and does nothing", .mremap = n_mremap);
MUTANT(noop_mlock, "vacuity: mlock returns 0 and does nothing", .mlock = n_mlock);
MUTANT(noop_mlock2, "vacuity: mlock2 returns 0 and does nothing", .mlock2 = n_mlock2);
MUTANT(noop_munlock, "vacuity: munlock returns 0 and does nothing", .munlock = n_mlock);
MUTANT(noop_mlockall, "vacuity: mlockall returns 0 and does nothing", .mlockall = n_mlockall);
MUTANT(noop_munlockall, "vacuity: munlockall returns 0 and does nothing", .munlockall = n_munlockall);
MUTANT(noop_mincore, "vacuity: mincore returns 0 and leaves vec as it was", .mincore = n_mincore);
MUTANT(noop_ftruncate, "vacuity: ftruncate returns 0 and does nothing", .ftruncate = n_ftruncate);
MUTANT(noop_truncate, "vacuity: truncate returns 0 and does nothing", .truncate = n_truncate);
MUTANT(noop_fcntl_add_seals, "vacuity: fcntl(F_ADD_SEALS) returns 0 and adds no seal", .fcntl = n_fcntl);
MUTANT(noop_shm_unlink, "vacuity: shm_unlink returns 0 and leaves the name", .shm_unlink = n_shm_unlink);
MUTANT(noop_mseal, "vacuity: mseal returns 0 and seals nothing", .mseal = n_mseal);
MUTANT(noop_process_madvise, "vacuity: process_madvise returns the bytes asked for and does nothing",
       .process_madvise = n_process_madvise);
MUTANT(noop_cachestat, "vacuity: cachestat returns 0 and leaves cstat as it was", .cachestat = n_cachestat);
MUTANT(noop_pkey_free, "vacuity: pkey_free returns 0 and frees nothing", .pkey_free = n_pkey_free);
MUTANT(noop_remap_file_pages, "vacuity: remap_file_pages returns 0 and rearranges nothing",
       .remap_file_pages = n_remap_file_pages);

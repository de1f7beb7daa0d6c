/*
 * Mutants of mseal(): plausible kernel bugs in its checks and its extent, and
 * in the calls a seal must stop.  The first set seals for real and
 * misbehaves around it.  A seal cannot be undone from user space, so the bugs
 * where a call gets through a seal (or a seal is lost across fork, or kept
 * across exec) run on an emulated seal instead: mseal() checks its arguments
 * as the kernel does and records the range; munmap, mremap, mmap(MAP_FIXED),
 * mprotect, pkey_mprotect and the destructive madvise advice refuse a
 * recorded range with EPERM, except the one call the mutant lets through.
 */
#include "inject.h"

#define ROUND_UP(n) (((n) + page() - 1) & ~(page() - 1))
#define FAILED_WITH(ret, e) ((ret) == -1 && errno == (e))

/* Whether the area holding addr is sealed: its smaps VmFlags list "sl" (Linux 6.10). */
static int sealed_at(const void *addr)
{
	FILE *f = fopen("/proc/self/smaps", "re");
	unsigned long s, e;
	int in = 0, found = 0;
	char line[512];

	if (!f)
		return 0;
	while (!found && fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%lx-%lx ", &s, &e) == 2 && strchr(line, '-') < strchr(line, ' '))
			in = s <= (uintptr_t)addr && (uintptr_t)addr < e;
		else if (in && strncmp(line, "VmFlags:", 8) == 0)
			found = strstr(line, " sl") != NULL;
	}
	fclose(f);
	return found;
}

/* ---- sealing for real, with a bug around it ---- */

static int mseal_noop(void *addr, size_t len, unsigned long flags)
{
	(void)addr, (void)len, (void)flags;
	return 0;
}
MUTANT(mseal_noop, "mseal: returns 0 and seals nothing", .mseal = mseal_noop);

static int mseal_first_page_only(void *addr, size_t len, unsigned long flags)
{
	return real_mseal(addr, len > page() ? page() : len, flags);
}
MUTANT(mseal_first_page_only, "mseal: seals only the first page of the range", .mseal = mseal_first_page_only);

static int mseal_len_rounded_down(void *addr, size_t len, unsigned long flags)
{
	return real_mseal(addr, len - len % page(), flags);
}
MUTANT(mseal_len_rounded_down, "mseal: a length that is not a page multiple is rounded down, not up",
       .mseal = mseal_len_rounded_down);

static int mseal_len_extra_page(void *addr, size_t len, unsigned long flags)
{
	int ret = real_mseal(addr, len, flags);

	if (ret == 0 && len % page())
		real_mseal((char *)addr + ROUND_UP(len), page(), 0);
	return ret;
}
MUTANT(mseal_len_extra_page, "mseal: a length that is not a page multiple seals the page after the range too",
       .mseal = mseal_len_extra_page);

static int mseal_gap_seals_mapped(void *addr, size_t len, unsigned long flags)
{
	int ret = real_mseal(addr, len, flags), saved = errno;
	size_t off;

	if (FAILED_WITH(ret, ENOMEM))
		for (off = 0; off < ROUND_UP(len); off += page())
			real_mseal((char *)addr + off, page(), 0);	/* the mapped pages; a hole fails */
	errno = saved;
	return ret;
}
MUTANT(mseal_gap_seals_mapped, "mseal: a range with unmapped pages fails with ENOMEM but seals its mapped pages first",
       .mseal = mseal_gap_seals_mapped);

static int mseal_flags_ignored(void *addr, size_t len, unsigned long flags)
{
	(void)flags;
	return real_mseal(addr, len, 0);
}
MUTANT(mseal_flags_ignored, "mseal: unknown flags are ignored instead of EINVAL", .mseal = mseal_flags_ignored);

static int mseal_addr_rounded_down(void *addr, size_t len, unsigned long flags)
{
	size_t skew = (uintptr_t)addr % page();

	return real_mseal((char *)addr - skew, len + skew, flags);
}
MUTANT(mseal_addr_rounded_down, "mseal: an unaligned address is rounded down to its page and accepted",
       .mseal = mseal_addr_rounded_down);

static int mseal_overflow_clamped(void *addr, size_t len, unsigned long flags)
{
	size_t rounded = ROUND_UP(len);

	if ((len && !rounded) || (uintptr_t)addr + rounded < (uintptr_t)addr)
		return real_mseal(addr, page(), flags);	/* clamped to the first page instead of EINVAL */
	return real_mseal(addr, len, flags);
}
MUTANT(mseal_overflow_clamped, "mseal: a range that wraps past the end of the address space is clamped, not EINVAL",
       .mseal = mseal_overflow_clamped);

static int mseal_len_zero_einval(void *addr, size_t len, unsigned long flags)
{
	if (len == 0)
		return errno = EINVAL, -1;
	return real_mseal(addr, len, flags);
}
MUTANT(mseal_len_zero_einval, "mseal: a length of 0 fails with EINVAL instead of succeeding",
       .mseal = mseal_len_zero_einval);

static int mseal_again_eperm(void *addr, size_t len, unsigned long flags)
{
	if (len && sealed_at(addr))
		return errno = EPERM, -1;
	return real_mseal(addr, len, flags);
}
MUTANT(mseal_again_eperm, "mseal: sealing a range that is already sealed fails with EPERM", .mseal = mseal_again_eperm);

static int mseal_makes_read_only(void *addr, size_t len, unsigned long flags)
{
	if (flags == 0 && (uintptr_t)addr % page() == 0)
		real_mprotect(addr, len, PROT_READ);	/* fails harmlessly on a hole: mseal says ENOMEM */
	return real_mseal(addr, len, flags);
}
MUTANT(mseal_makes_read_only, "mseal: the range is made read-only as it is sealed", .mseal = mseal_makes_read_only);

/* A refusal because of a seal, reported with EACCES instead of EPERM, by every call it stops. */
static int eacces_for_eperm(int ret)
{
	if (FAILED_WITH(ret, EPERM))
		errno = EACCES;
	return ret;
}
#define EACCES_FOR_EPERM(call) eacces_for_eperm(call)
static int munmap_eacces(void *addr, size_t len) { return EACCES_FOR_EPERM(real_munmap(addr, len)); }
static int mprotect_eacces(void *addr, size_t len, int prot) { return EACCES_FOR_EPERM(real_mprotect(addr, len, prot)); }
static int madvise_eacces(void *addr, size_t len, int advice) { return EACCES_FOR_EPERM(real_madvise(addr, len, advice)); }
static int pkey_mprotect_eacces(void *addr, size_t len, int prot, int pkey)
{
	return EACCES_FOR_EPERM(real_pkey_mprotect(addr, len, prot, pkey));
}
static void *mmap_eacces(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	void *p = real_mmap(addr, len, prot, flags, fd, off);

	if (p == MAP_FAILED && errno == EPERM)
		errno = EACCES;
	return p;
}
static void *mremap_eacces(void *old, size_t old_len, size_t new_len, int flags, void *new_addr)
{
	void *p = real_mremap(old, old_len, new_len, flags, new_addr);

	if (p == MAP_FAILED && errno == EPERM)
		errno = EACCES;
	return p;
}
MUTANT(sealed_refusal_eacces, "mseal: the calls a seal stops fail with EACCES instead of EPERM",
       .munmap = munmap_eacces, .mprotect = mprotect_eacces, .madvise = madvise_eacces,
       .pkey_mprotect = pkey_mprotect_eacces, .mmap = mmap_eacces, .mremap = mremap_eacces);

static int madvise_discard_writable_eperm(void *addr, size_t len, int advice)
{
	if (advice == MADV_DONTNEED && sealed_at(addr))
		return errno = EPERM, -1;
	return real_madvise(addr, len, advice);
}
MUTANT(madvise_sealed_dontneed_always_eperm,
       "mseal: MADV_DONTNEED is refused on every sealed range, writable or file-backed too",
       .madvise = madvise_discard_writable_eperm);

static int madvise_sealed_eperm(void *addr, size_t len, int advice)
{
	if (sealed_at(addr))
		return errno = EPERM, -1;
	return real_madvise(addr, len, advice);
}
MUTANT(madvise_sealed_any_advice_eperm, "mseal: every madvise() advice is refused on a sealed range",
       .madvise = madvise_sealed_eperm);

/* Whether fd is this process's /proc/<pid>/mem. */
static int is_proc_mem(int fd)
{
	char link[64], target[64], want[64];
	ssize_t n;

	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, target, sizeof(target) - 1);
	if (n <= 0)
		return 0;
	target[n] = '\0';
	snprintf(want, sizeof(want), "/proc/%ld/mem", (long)getpid());
	return strcmp(target, want) == 0;
}

static ssize_t pwrite_proc_mem_sealed_eperm(int fd, const void *buf, size_t n, off_t off)
{
	if (is_proc_mem(fd) && sealed_at((void *)(uintptr_t)off))
		return errno = EPERM, -1;
	return real_pwrite(fd, buf, n, off);
}
MUTANT(mseal_blocks_proc_mem_writes, "mseal: a write through /proc/self/mem to a sealed range is refused with EPERM",
       .pwrite = pwrite_proc_mem_sealed_eperm);

/* ---- an emulated seal, for the bugs that let a call through ---- */

#define MAX_SEALS 64
#define SEALS_ENV "MMAPCHECK_MUTANT_SEALS"
static struct { uintptr_t start, end; } seals[MAX_SEALS];
static int nseals, seals_loaded;

/* Ranges sealed before an exec, for the mutant whose seals survive it. */
static void load_seals(void)
{
	const char *s = getenv(SEALS_ENV);
	unsigned long a, b;
	int n;

	seals_loaded = 1;
	while (s && nseals < MAX_SEALS && sscanf(s, "%lx-%lx%n", &a, &b, &n) == 2) {
		seals[nseals].start = a, seals[nseals].end = b, nseals++;
		s += n;
		s += *s == ',';
	}
}

static int overlaps_seal(const void *addr, size_t len)
{
	uintptr_t s = (uintptr_t)addr, e = s + ROUND_UP(len);
	int i;

	if (!seals_loaded)
		load_seals();
	for (i = 0; i < nseals; i++)
		if (s < seals[i].end && seals[i].start < e)
			return 1;
	return 0;
}

static int emulated_mseal(void *addr, size_t len, unsigned long flags)
{
	uintptr_t s = (uintptr_t)addr, e;
	unsigned char vec[64];
	size_t off, n;

	if (real_mseal(addr, 0, 0) == -1 && errno == ENOSYS)	/* a kernel without it says so */
		return -1;
	if (flags || s % page() || (len && !ROUND_UP(len)) || s + ROUND_UP(len) < s)
		return errno = EINVAL, -1;
	e = s + ROUND_UP(len);
	for (off = 0; s + off < e; off += n * page()) {	/* mincore() says ENOMEM for a hole */
		n = (e - s - off) / page() < sizeof(vec) ? (e - s - off) / page() : sizeof(vec);
		if (real_mincore((char *)addr + off, n * page(), vec) == -1)
			return errno = ENOMEM, -1;
	}
	if (!seals_loaded)
		load_seals();
	if (e > s && nseals < MAX_SEALS)
		seals[nseals].start = s, seals[nseals].end = e, nseals++;
	return 0;
}

static int emulated_munmap(void *addr, size_t len)
{
	return overlaps_seal(addr, len) ? (errno = EPERM, -1) : real_munmap(addr, len);
}

static int emulated_mprotect(void *addr, size_t len, int prot)
{
	return overlaps_seal(addr, len) ? (errno = EPERM, -1) : real_mprotect(addr, len, prot);
}

static int emulated_pkey_mprotect(void *addr, size_t len, int prot, int pkey)
{
	return overlaps_seal(addr, len) ? (errno = EPERM, -1) : real_pkey_mprotect(addr, len, prot, pkey);
}

static void *emulated_mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	if ((flags & MAP_FIXED) && overlaps_seal(addr, len))
		return errno = EPERM, MAP_FAILED;
	return real_mmap(addr, len, prot, flags, fd, off);
}

static void *emulated_mremap(void *old, size_t old_len, size_t new_len, int flags, void *new_addr)
{
	if (overlaps_seal(old, old_len) || ((flags & MREMAP_FIXED) && overlaps_seal(new_addr, new_len)))
		return errno = EPERM, MAP_FAILED;
	return real_mremap(old, old_len, new_len, flags, new_addr);
}

/* Private anonymous and not writable, as /proc/self/maps says of the area holding addr. */
static int read_only_anonymous(const void *addr)
{
	FILE *f = fopen("/proc/self/maps", "re");
	unsigned long s, e, inode;
	char perms[5], line[512];
	int ro = 0;

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "%lx-%lx %4s %*s %*s %lu", &s, &e, perms, &inode) == 4 &&
		    s <= (uintptr_t)addr && (uintptr_t)addr < e) {
			ro = perms[1] != 'w' && perms[3] == 'p' && inode == 0;
			break;
		}
	if (f)
		fclose(f);
	return ro;
}

static int emulated_madvise(void *addr, size_t len, int advice)
{
	int discard = advice == MADV_DONTNEED || advice == MADV_FREE || advice == MADV_DONTNEED_LOCKED ||
		      advice == MADV_REMOVE || advice == MADV_DONTFORK || advice == MADV_WIPEONFORK;

	if (discard && overlaps_seal(addr, len) && read_only_anonymous(addr))
		return errno = EPERM, -1;
	return real_madvise(addr, len, advice);
}

static pid_t fork_forgetting_seals(void)
{
	pid_t pid = real_fork();

	if (pid == 0)
		nseals = 0, seals_loaded = 1;
	return pid;
}

/* The seals go into the environment, where the image after an exec finds them. */
static int emulated_mseal_kept(void *addr, size_t len, unsigned long flags)
{
	char buf[1024] = "";
	size_t used = 0;
	int i, ret = emulated_mseal(addr, len, flags);

	for (i = 0; ret == 0 && i < nseals && used < sizeof(buf); i++)
		used += (size_t)snprintf(buf + used, sizeof(buf) - used, "%s%lx-%lx", i ? "," : "",
					 (unsigned long)seals[i].start, (unsigned long)seals[i].end);
	if (ret == 0)
		setenv(SEALS_ENV, buf, 1);
	return ret;
}

#define EMULATED_EXCEPT(...) .mseal = emulated_mseal, __VA_ARGS__
MUTANT(mseal_lets_munmap_through, "mseal: munmap() of a sealed range succeeds (the seal check is missing there)",
       EMULATED_EXCEPT(.mremap = emulated_mremap, .mmap = emulated_mmap, .mprotect = emulated_mprotect,
		       .pkey_mprotect = emulated_pkey_mprotect, .madvise = emulated_madvise));
MUTANT(mseal_lets_mremap_through, "mseal: mremap() of or onto a sealed range succeeds",
       EMULATED_EXCEPT(.munmap = emulated_munmap, .mmap = emulated_mmap, .mprotect = emulated_mprotect,
		       .pkey_mprotect = emulated_pkey_mprotect, .madvise = emulated_madvise));
MUTANT(mseal_lets_mmap_fixed_through, "mseal: mmap(MAP_FIXED) over a sealed range replaces it",
       EMULATED_EXCEPT(.munmap = emulated_munmap, .mremap = emulated_mremap, .mprotect = emulated_mprotect,
		       .pkey_mprotect = emulated_pkey_mprotect, .madvise = emulated_madvise));
MUTANT(mseal_lets_mprotect_through, "mseal: mprotect() and pkey_mprotect() change a sealed range's protection",
       EMULATED_EXCEPT(.munmap = emulated_munmap, .mremap = emulated_mremap, .mmap = emulated_mmap,
		       .madvise = emulated_madvise));
MUTANT(mseal_lets_pkey_mprotect_through, "mseal: pkey_mprotect() changes a sealed range's protection (mprotect() is stopped)",
       EMULATED_EXCEPT(.munmap = emulated_munmap, .mremap = emulated_mremap, .mmap = emulated_mmap,
		       .mprotect = emulated_mprotect, .madvise = emulated_madvise));
MUTANT(mseal_lets_discard_through, "mseal: the destructive madvise() advice discards a sealed read-only anonymous range",
       EMULATED_EXCEPT(.munmap = emulated_munmap, .mremap = emulated_mremap, .mmap = emulated_mmap,
		       .mprotect = emulated_mprotect, .pkey_mprotect = emulated_pkey_mprotect));
MUTANT(mseal_forgotten_across_fork, "mseal: a forked child's copy of a sealed range is not sealed",
       EMULATED_EXCEPT(.munmap = emulated_munmap, .mremap = emulated_mremap, .mmap = emulated_mmap,
		       .mprotect = emulated_mprotect, .pkey_mprotect = emulated_pkey_mprotect,
		       .madvise = emulated_madvise, .fork = fork_forgetting_seals));
MUTANT(mseal_kept_across_exec, "mseal: a sealed range's address stays sealed in the image after an exec",
       .mseal = emulated_mseal_kept, .munmap = emulated_munmap, .mremap = emulated_mremap, .mmap = emulated_mmap,
       .mprotect = emulated_mprotect, .pkey_mprotect = emulated_pkey_mprotect, .madvise = emulated_madvise);

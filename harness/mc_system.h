/*
 * mc_system.h: what the system reports: /proc numbers and settings, the
 * /proc/self/maps and smaps area holding an address, residency (mincore).
 * Part of the harness: included by mmapcheck.h, never on its own.
 */
#ifndef MC_MC_SYSTEM_H
#define MC_MC_SYSTEM_H

/*
 * The number after "key:" in a "Key: value" file such as /proc/meminfo or
 * /proc/self/status, or -1 where the file or the key does not exist (other
 * systems, other kernels): cases detect such features at run time.
 * Elsewhere: the BSDs and macOS have no such files (FreeBSD's procfs, when
 * mounted, has no status/meminfo numbers); sysctl(3) holds their counters.
 */
static inline long long mc_proc_number(const char *path, const char *key)
{
	FILE *f = fopen(path, "r");
	size_t n = strlen(key);
	long long v = -1;
	char line[256];

	while (f && fgets(line, sizeof(line), f))
		if (strncmp(line, key, n) == 0 && line[n] == ':')
			v = strtoll(line + n + 1, NULL, 10);
	if (f)
		fclose(f);
	return v;
}

/*
 * The number a file of one number holds, such as a /proc/sys setting
 * (vm.max_map_count; mc_proc_number() reads "Key: value" files), or -1 with
 * errno where it cannot be opened: cases skip where the setting does not
 * exist.  Broken if it holds no number.  For settings that are never negative.
 * Elsewhere: settings are sysctl(3) names (FreeBSD vm.*), not files: -1.
 */
static inline long long mc_setting_number(const char *path)
{
	FILE *f = fopen(path, "r");
	long long v;
	int n;

	if (!f)
		return -1;
	n = fscanf(f, "%lld", &v);
	fclose(f);
	if (n != 1)
		mc_broken("%s holds no number", path);
	return v;
}

/*
 * The whole of a /proc file in a static buffer (valid until the next call),
 * or NULL with errno where it cannot be read.  Read with open()/read(), never
 * stdio: stdio would allocate its buffer, and a C library's allocator (musl's)
 * may map it into the very hole or region a case observes.
 */
static inline const char *mc_proc_text_(const char *path)
{
	static char text[1 << 18];
	ssize_t n, got = 0;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return NULL;
	while (got < (ssize_t)sizeof(text) - 1 &&
	       (n = read(fd, text + got, sizeof(text) - 1 - (size_t)got)) > 0)
		got += n;
	close(fd);
	if (got == (ssize_t)sizeof(text) - 1)
		mc_broken("%s is larger than the %zu bytes read", path, sizeof(text) - 1);
	text[got] = '\0';
	return text;
}

/* fgets() over such a text: the line at *pos into buf, *pos past it; 0 at the end. */
static inline int mc_text_line_(const char **pos, char *buf, size_t size)
{
	size_t n = strcspn(*pos, "\n");

	if (!**pos)
		return 0;
	n += (*pos)[n] == '\n';
	snprintf(buf, size, "%.*s", (int)n, *pos);
	*pos += n;
	return 1;
}

/* A maps/smaps line that starts an area ("start-end perms ..."): its range. */
static inline int mc_area_line_(const char *line, unsigned long *start, unsigned long *end)
{
	return sscanf(line, "%lx-%lx ", start, end) == 2 && strchr(line, '-') < strchr(line, ' ');
}

/*
 * The /proc/self/maps line whose range holds addr: its start, end and perms
 * ("rw-p"); 1 if found, 0 if no line holds addr (start, end, perms untouched).
 * Skips where the file is missing, with its errno: true on FreeBSD, OpenBSD
 * and macOS (FreeBSD would use procstat -v / kinfo_getvmmap(3), macOS
 * vmmap(1); NetBSD's procfs, where mounted, has a Linux-format maps).
 * Allocates nothing (mc_proc_text_).
 */
static inline int mc_maps_entry(const void *addr, uintptr_t *start, uintptr_t *end, char perms[5])
{
	const char *pos = mc_proc_text_("/proc/self/maps");
	unsigned long s, e;
	char line[512], p[5];

	if (!pos)
		mc_skip("/proc/self/maps cannot be read here (%s)", mc_errno_name(errno));
	while (mc_text_line_(&pos, line, sizeof(line)))
		if (sscanf(line, "%lx-%lx %4s", &s, &e, p) == 3 && s <= (uintptr_t)addr && (uintptr_t)addr < e) {
			*start = s, *end = e;
			memcpy(perms, p, sizeof(p));
			return 1;
		}
	return 0;
}

/*
 * The start of the first area /proc/self/maps names `name` (the last field,
 * e.g. "[vvar]"), or NULL: special areas have no address a case could know.
 * Skips where the file is missing, as mc_maps_entry().  Elsewhere the named
 * areas are Linux's own: no BSD has [vvar].
 */
static inline void *mc_maps_named(const char *name)
{
	const char *pos = mc_proc_text_("/proc/self/maps");
	size_t n = strlen(name), len;
	unsigned long s, e;
	char line[512];

	if (!pos)
		mc_skip("/proc/self/maps cannot be read here (%s)", mc_errno_name(errno));
	while (mc_text_line_(&pos, line, sizeof(line)))
		if (mc_area_line_(line, &s, &e) && (len = strcspn(line, "\n")) > n &&
		    line[len - n - 1] == ' ' && strncmp(line + len - n, name, n) == 0)
			return (void *)(uintptr_t)s;
	return NULL;
}

/*
 * Where the /proc/self/smaps lines of the area holding addr begin (after its
 * header line), in a text from mc_proc_text_; NULL if no area holds addr.
 */
static inline const char *mc_smaps_area_(const char *pos, const void *addr)
{
	unsigned long s, e;
	char line[512];

	while (pos && mc_text_line_(&pos, line, sizeof(line)))
		if (mc_area_line_(line, &s, &e) && s <= (uintptr_t)addr && (uintptr_t)addr < e)
			return pos;
	return NULL;
}

/*
 * A field of the area holding addr in /proc/self/smaps, in kB ("Rss",
 * "Private_Dirty", "KernelPageSize", ...), or -1 where there is no such file
 * (the BSDs, macOS), area or field: the case says what it cannot observe.
 * Elsewhere: FreeBSD's procstat -v / kinfo_getvmmap(3) give resident pages
 * per area (kve_resident), no dirty count; cases skip instead.
 */
static inline long long mc_smaps_kb(const void *addr, const char *field)
{
	const char *pos = mc_smaps_area_(mc_proc_text_("/proc/self/smaps"), addr);
	size_t n = strlen(field);
	unsigned long s, e;
	char line[512];

	while (pos && mc_text_line_(&pos, line, sizeof(line)) && !mc_area_line_(line, &s, &e))
		if (strncmp(line, field, n) == 0 && line[n] == ':')
			return strtoll(line + n + 1, NULL, 10);
	return -1;
}

/*
 * kB of dirty pages (Private_Dirty + Shared_Dirty) of the area holding addr
 * in /proc/self/smaps, or -1 where there is none (the BSDs and macOS:
 * mincore()'s MINCORE_MODIFIED bit would say it there).
 */
static inline long long mc_smaps_dirty_kb(const void *addr)
{
	long long private = mc_smaps_kb(addr, "Private_Dirty"), shared = mc_smaps_kb(addr, "Shared_Dirty");

	return private < 0 || shared < 0 ? -1 : private + shared;
}

/*
 * Whether the VmFlags line of the area holding addr in /proc/self/smaps lists
 * `flag` ("dd", "hg", ...): 1 or 0, or -1 if no area holds addr or it has no
 * VmFlags line (before Linux 3.8).  Skips where smaps cannot be read (true on
 * the BSDs and macOS: no smaps; the flags are Linux's vm_flags).
 */
static inline int mc_smaps_has_flag(const void *addr, const char *flag)
{
	const char *text = mc_proc_text_("/proc/self/smaps"), *pos;
	unsigned long s, e;
	char line[512], word[16];

	if (!text)
		mc_skip("/proc/self/smaps is not readable here: %s", mc_errno_name(errno));
	snprintf(word, sizeof(word), " %s", flag);
	pos = mc_smaps_area_(text, addr);
	while (pos && mc_text_line_(&pos, line, sizeof(line)) && !mc_area_line_(line, &s, &e))
		if (strncmp(line, "VmFlags:", 8) == 0)
			return strstr(line, word) != NULL;
	return -1;
}

/*
 * A VM_PFNMAP area every process has: the vDSO data the kernel maps, smaps
 * flag "pf".  It is "[vvar]" until Linux 6.15 made that VM_MIXEDMAP and moved
 * the PFN-mapped clock pages to "[vvar_vclock]" (commit dafde29605eb "x86/vdso:
 * Switch to generic storage implementation").  NULL if neither is there.
 * Elsewhere: skips (mc_maps_named): VM_PFNMAP is a Linux notion.
 */
static inline void *mc_pfnmap_area(void)
{
	static const char *const names[] = { "[vvar]", "[vvar_vclock]" };
	void *p;
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if ((p = mc_maps_named(names[i])) && mc_smaps_has_flag(p, "pf") == 1)
			return p;
	return NULL;
}

/* How many pages of [addr, addr+len) are resident (mincore), or -1 with errno. */
static inline long mc_resident_pages(void *addr, size_t len)
{
#ifdef __OpenBSD__
	(void)addr, (void)len;
	errno = ENOSYS;	/* OpenBSD removed mincore() */
	return -1;
#else
	size_t pg = mc_page_size(), i, n = (len + pg - 1) / pg;
	unsigned char *vec = calloc(n ? n : 1, 1);	/* a mincore() that writes nothing: none resident */
	long resident = 0;

	if (!vec)
		return -1;
	/* char * on the BSDs and macOS, unsigned char * on Linux */
	if (mincore(addr, len, (void *)vec) != 0) {
		free(vec);
		return -1;
	}
	for (i = 0; i < n; i++)
		resident += vec[i] & 1;
	free(vec);
	return resident;
#endif
}

#ifdef MAP_ANONYMOUS	/* strict glibc: the case asks _DEFAULT_SOURCE */
/*
 * Whether mincore() can say "not resident" here, page by page: 1 if an
 * untouched anonymous page reads as absent; 0 if it reads as resident (gVisor
 * reports every page resident); -2 if mincore() answers for pieces smaller
 * than the page size the system reports (qemu-user emulating larger pages
 * hands the call to its 4 KiB host, which writes one byte per 4 KiB); -1 with
 * errno where mincore() is not available.  The probe's vector has room to
 * spare, so that such a mincore() writes into it, not past it.
 */
static inline int mc_residency_observable(void)
{
#ifdef __OpenBSD__
	errno = ENOSYS;	/* OpenBSD removed mincore() */
	return -1;
#else
	size_t pg = mc_page_size(), i;
	unsigned char vec[64];
	void *p = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int r, saved;

	if (p == MAP_FAILED)
		mc_broken("mmap() of one control page failed: %s", mc_errno_name(errno));
	memset(vec, 0xa5, sizeof(vec));
	vec[0] = 0;	/* as the other helpers' zeroed vectors: a mincore() that writes nothing says "absent" */
	/* char * on the BSDs and macOS, unsigned char * on Linux */
	r = mincore(p, pg, (void *)vec);
	saved = errno;
	munmap(p, pg);
	errno = saved;
	if (r != 0)
		return -1;
	for (i = 1; i < sizeof(vec); i++)
		if (vec[i] != 0xa5)
			return -2;
	return !(vec[0] & 1);
#endif
}

/*
 * A private anonymous read-write area of len bytes that has an smaps entry of
 * its own: an inaccessible page on either side keeps the kernel from merging
 * it with a neighbour, whose Rss, Swap or Referenced would blur the area's.
 * Free it with mc_unmap_isolated().
 */
static inline void *mc_map_isolated(size_t len)
{
	size_t pg = mc_page_size();
	char *guard = SAFE_MMAP(NULL, len + 2 * pg, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	return SAFE_MMAP(guard + pg, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
}

static inline void mc_unmap_isolated(void *p, size_t len)
{
	SAFE(munmap((char *)p - mc_page_size(), len + 2 * mc_page_size()));
}

/*
 * For a claim observed through residency (not one about mincore() itself):
 * where mincore() cannot say "not resident", the claim cannot be told apart
 * from its opposite, so the case skips with this reason instead of passing.
 * A mincore/ case must not call this: there an untouched page reported
 * resident is the kernel breaking the claim, and the case fails.
 */
static inline void mc_require_residency_observable(void)
{
	int observable = mc_residency_observable();

	if (observable == -2)
		mc_skip("mincore() answers here for pieces smaller than the %zu-byte page (an emulator hands it to a "
			"host with smaller pages): residency per page cannot be observed", mc_page_size());
	if (observable < 0)
		mc_skip("mincore() is not available here (%s)", mc_errno_name(errno));
	if (!observable)
		mc_skip("mincore() reports an untouched page resident: residency cannot be observed here");
}
#endif

/*
 * A page 16 below the end of the pointer range, for a claim about addresses
 * above where user mappings can go: kernel space on the 32- and 64-bit ports
 * that share one address space between kernel and user (x86, arm64, ppc64,
 * riscv) and on the BSDs.  On s390x user space is an address space of its own
 * that reaches the last page (Linux: TASK_SIZE_MAX is -PAGE_SIZE), so no such
 * range exists short of wrapping around, and the case skips.
 */
static inline unsigned char *mc_above_user_space(size_t pg)
{
#if defined(__s390x__)
	mc_skip("s390x: user space is an address space of its own reaching the last page "
		"(TASK_SIZE_MAX is -PAGE_SIZE), so nothing lies above where user mappings can go");
#endif
	return (unsigned char *)(uintptr_t)(0 - 16 * (uintptr_t)pg);
}

#endif /* MC_MC_SYSTEM_H */

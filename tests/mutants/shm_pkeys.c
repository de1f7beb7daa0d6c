/* Mutants of shm_open()/shm_unlink(), cachestat(), the protection-key calls and
 * remap_file_pages(): flags dropped, checks skipped, errors misreported, counts wrong. */
#include "inject.h"

#define FAILED_WITH(ret, e) ((ret) == -1 && errno == (e))

/* ---- shm_open, shm_unlink ---- */

static int shm_excl_dropped(const char *name, int oflag, mode_t mode)
{
	return real_shm_open(name, oflag & ~O_EXCL, mode);
}
MUTANT(shm_open_excl_dropped, "shm_open: O_EXCL is dropped, so O_CREAT | O_EXCL opens an existing object",
       .shm_open = shm_excl_dropped);

static int shm_missing_created(const char *name, int oflag, mode_t mode)
{
	int fd = real_shm_open(name, oflag, mode);

	return FAILED_WITH(fd, ENOENT) ? real_shm_open(name, oflag | O_CREAT, 0600) : fd;
}
MUTANT(shm_open_missing_created, "shm_open: a name that does not exist is created even without O_CREAT",
       .shm_open = shm_missing_created);

static int shm_unlink_missing_ok(const char *name)
{
	int ret = real_shm_unlink(name);

	return FAILED_WITH(ret, ENOENT) ? 0 : ret;
}
MUTANT(shm_unlink_missing_ok, "shm_unlink: a name that does not exist is 'unlinked' with success",
       .shm_unlink = shm_unlink_missing_ok);

static int shm_unlink_denied_ok(const char *name)
{
	int ret = real_shm_unlink(name);

	return FAILED_WITH(ret, EACCES) ? 0 : ret;
}
MUTANT(shm_unlink_denied_ok, "shm_unlink: an unlink the sticky directory refuses reports success, leaving the name",
       .shm_unlink = shm_unlink_denied_ok);

/* The name appended to /dev/shm as it is, slashes and all. */
static int shm_name_unchecked(const char *name, int oflag, mode_t mode)
{
	char path[8192];

	if (strchr(name + 1, '/') == NULL)
		return real_shm_open(name, oflag, mode);
	snprintf(path, sizeof(path), "/dev/shm/%s", name + 1);
	return open(path, oflag | O_NOFOLLOW | O_CLOEXEC, mode);
}
MUTANT(shm_open_name_unchecked, "shm_open: a name with a slash inside is not refused but opened as a path below /dev/shm",
       .shm_open = shm_name_unchecked);

static int shm_trunc_dropped(const char *name, int oflag, mode_t mode)
{
	return real_shm_open(name, oflag & ~O_TRUNC, mode);
}
MUTANT(shm_open_trunc_dropped, "shm_open: O_TRUNC is ignored and the object keeps its length",
       .shm_open = shm_trunc_dropped);

static int shm_umask_ignored(const char *name, int oflag, mode_t mode)
{
	int fd = real_shm_open(name, oflag, mode);

	if (fd != -1 && (oflag & O_CREAT))
		fchmod(fd, mode & 0777);
	return fd;
}
MUTANT(shm_open_umask_ignored, "shm_open: a new object gets mode as given, the umask not applied",
       .shm_open = shm_umask_ignored);

static int shm_new_object_page(const char *name, int oflag, mode_t mode)
{
	int fd = real_shm_open(name, oflag, mode);
	struct stat st;

	if (fd != -1 && (oflag & O_CREAT) && fstat(fd, &st) == 0 && st.st_size == 0)
		real_ftruncate(fd, (off_t)page());
	return fd;
}
MUTANT(shm_open_new_object_page, "shm_open: a newly created object starts one page long instead of empty",
       .shm_open = shm_new_object_page);

static int shm_denied_read_only(const char *name, int oflag, mode_t mode)
{
	int fd = real_shm_open(name, oflag, mode);

	return FAILED_WITH(fd, EACCES) ? real_shm_open(name, O_RDONLY, 0) : fd;
}
MUTANT(shm_open_denied_read_only, "shm_open: an open the mode denies (O_RDWR, O_TRUNC) falls back to a plain read-only open",
       .shm_open = shm_denied_read_only);

static int shm_emfile_as_enfile(const char *name, int oflag, mode_t mode)
{
	int fd = real_shm_open(name, oflag, mode);

	if (FAILED_WITH(fd, EMFILE))
		errno = ENFILE;
	return fd;
}
MUTANT(shm_open_emfile_as_enfile, "shm_open: the process's descriptor limit is reported as the system's (ENFILE)",
       .shm_open = shm_emfile_as_enfile);

/* ---- cachestat ---- */

/* Every page of the range inside the file counted cached, resident or not. */
static int cachestat_whole_range(unsigned int fd, struct mc_cachestat_range *r, struct mc_cachestat *c,
				 unsigned int flags)
{
	int ret = real_cachestat(fd, r, c, flags);
	uint64_t end;
	struct stat st;

	if (ret == 0 && fstat((int)fd, &st) == 0) {
		end = r->len && r->off + r->len < (uint64_t)st.st_size ? r->off + r->len : (uint64_t)st.st_size;
		c->nr_cache = end > r->off ? (end - r->off + page() - 1) / page() : 0;
	}
	return ret;
}
MUTANT(cachestat_whole_range, "cachestat: counts every page of the range inside the file as cached, holes too",
       .cachestat = cachestat_whole_range);

static int cachestat_len_zero_empty(unsigned int fd, struct mc_cachestat_range *r, struct mc_cachestat *c,
				    unsigned int flags)
{
	int ret = real_cachestat(fd, r, c, flags);

	if (ret == 0 && r->len == 0)
		memset(c, 0, sizeof(*c));
	return ret;
}
MUTANT(cachestat_len_zero_empty, "cachestat: a range of length 0 is an empty range, not the rest of the file",
       .cachestat = cachestat_len_zero_empty);

static int cachestat_flags_ignored(unsigned int fd, struct mc_cachestat_range *r, struct mc_cachestat *c,
				   unsigned int flags)
{
	(void)flags;
	return real_cachestat(fd, r, c, 0);
}
MUTANT(cachestat_flags_ignored, "cachestat: the reserved flags are not checked", .cachestat = cachestat_flags_ignored);

static int cachestat_errors_einval(unsigned int fd, struct mc_cachestat_range *r, struct mc_cachestat *c,
				   unsigned int flags)
{
	int ret = real_cachestat(fd, r, c, flags);

	if (ret == -1)
		errno = EINVAL;
	return ret;
}
MUTANT(cachestat_errors_einval, "cachestat: every refusal (bad descriptor, bad address, hugetlbfs) reported as EINVAL",
       .cachestat = cachestat_errors_einval);

static int cachestat_dirty_kept(unsigned int fd, struct mc_cachestat_range *r, struct mc_cachestat *c,
				unsigned int flags)
{
	int ret = real_cachestat(fd, r, c, flags);

	if (ret == 0 && c->nr_dirty == 0)
		c->nr_dirty = c->nr_cache;	/* the dirty mark not cleared by write-back */
	return ret;
}
MUTANT(cachestat_dirty_kept, "cachestat: pages written back are still counted dirty", .cachestat = cachestat_dirty_kept);

/* ---- protection keys ---- */

static int pkey_alloc_enospc_first(unsigned int flags, unsigned int rights)
{
	int key = real_pkey_alloc(flags, rights);

	if (FAILED_WITH(key, EINVAL) && (flags || (rights & ~(unsigned)(PKEY_DISABLE_ACCESS | PKEY_DISABLE_WRITE))))
		errno = ENOSPC;	/* the error was set before the argument checks */
	return key;
}
MUTANT(pkey_alloc_enospc_first, "pkey_alloc: invalid flags or access rights refused with ENOSPC, not EINVAL",
       .pkey_alloc = pkey_alloc_enospc_first);

static int pkey_free_unchecked(int pkey)
{
	int ret = real_pkey_free(pkey);

	return FAILED_WITH(ret, EINVAL) ? 0 : ret;
}
MUTANT(pkey_free_unchecked, "pkey_free: a key not allocated is 'freed' with success", .pkey_free = pkey_free_unchecked);

static int pkey_mprotect_key_unchecked(void *addr, size_t len, int prot, int pkey)
{
	int ret = real_pkey_mprotect(addr, len, prot, pkey);

	return FAILED_WITH(ret, EINVAL) && pkey != -1 ? real_mprotect(addr, len, prot) : ret;
}
MUTANT(pkey_mprotect_key_unchecked, "pkey_mprotect: a key not allocated is not refused; the protection is changed anyway",
       .pkey_mprotect = pkey_mprotect_key_unchecked);

static int pkey_mprotect_minus_one_refused(void *addr, size_t len, int prot, int pkey)
{
	if (pkey == -1)
		return errno = EINVAL, -1;	/* -1 taken for a key, and not an allocated one */
	return real_pkey_mprotect(addr, len, prot, pkey);
}
MUTANT(pkey_mprotect_minus_one_refused, "pkey_mprotect: key -1 is refused with EINVAL instead of acting as mprotect",
       .pkey_mprotect = pkey_mprotect_minus_one_refused);

/* ---- remap_file_pages ---- */

static int remap_prot_ignored(void *addr, size_t size, int prot, size_t pgoff, int flags)
{
	(void)prot;
	return real_remap_file_pages(addr, size, 0, pgoff, flags);
}
MUTANT(remap_file_pages_prot_ignored, "remap_file_pages: a prot other than 0 is ignored",
       .remap_file_pages = remap_prot_ignored);

static int remap_private_ok(void *addr, size_t size, int prot, size_t pgoff, int flags)
{
	int ret = real_remap_file_pages(addr, size, prot, pgoff, flags);

	return FAILED_WITH(ret, EINVAL) && prot == 0 ? 0 : ret;
}
MUTANT(remap_file_pages_private_ok, "remap_file_pages: a mapping that is not MAP_SHARED is accepted and left as it was",
       .remap_file_pages = remap_private_ok);

static int remap_pgoff_ignored(void *addr, size_t size, int prot, size_t pgoff, int flags)
{
	(void)pgoff;
	return real_remap_file_pages(addr, size, prot, 0, flags);
}
MUTANT(remap_file_pages_pgoff_ignored, "remap_file_pages: pgoff is ignored and the file's first page is mapped at addr",
       .remap_file_pages = remap_pgoff_ignored);

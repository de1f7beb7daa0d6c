"""expected/<os>: each platform's documented deviations, and the verdict table."""

import dataclasses
import errno
import os
import re
import stat

from . import EXPECTED_DIR, UsageError


BAD_VERDICTS = ("fail", "error", "xpass", "notrun")
# notrun: the target broke (a guest panicked or hung) before the case ran
VERDICT_ORDER = ("fail", "xpass", "error", "notrun", "xfail", "skip", "pass")


@dataclasses.dataclass
class Expectation:
    case_id: str
    outcome: str
    reason: str
    cite: str
    since: tuple = None   # applies to releases that have it (see has_release())
    before: tuple = None  # applies to releases that do not
    filesystem: str = None  # applies only when the scratch directory is on this filesystem
    libc: str = None  # applies only with this C library (family: glibc, musl, ...)
    machine: str = None  # applies only on these machines (uname -m: "aarch64 sparc64")
    page_size: str = None  # applies only with these page sizes in bytes ("8192 65536")
    where: str = ""

    @property
    def file(self):
        """The name of the expected/ file that holds the entry: linux, gvisor, ..."""
        return os.path.basename(self.where.rpartition(":")[0])

    @property
    def entry(self):
        """expected/<file>:<line>, as a report names the entry (the checkout's
        own path, in where, stays out of reports)."""
        return f"expected/{self.file}:{self.where.rpartition(':')[2]}"

    def applies(self, plat):
        rel = version_tuple(plat.get("release", ""))
        return ((self.since is None or has_release(rel, self.since))
                and (self.before is None or not has_release(rel, self.before))
                and (self.filesystem is None or self.filesystem == plat.get("tmpdir_fs"))
                and (self.libc is None or self.libc == (plat.get("libc") or "").split("-")[0])
                and (self.machine is None or plat.get("machine") in self.machine.split())
                and (self.page_size is None or str(plat.get("page_size")) in self.page_size.split()))


EXPECTED_KEYS = ("outcome", "reason", "cite", "since", "before", "filesystem", "libc", "machine",
                 "page_size")
# fail: the platform deviates from the claim.
# error: a documented deviation in one of the case's set-up calls, so the
# claim itself cannot be tried there (gVisor refusing a mapping Linux allows).
# pass: in an implementation's file, the claim holds although the OS's file
# lists a deviation (the emulator checks what the kernel doesn't); in a
# documented platform's file, its sources say the claim holds.
# skip (documented platforms only): the case's subject does not exist there,
# so the case compiles and skips with its reason.
# unknown (documented platforms only): the sources consulted do not settle it.
EXPECTED_OUTCOMES = ("fail", "error", "pass", "skip", "unknown")
OS_FILES = ("linux", "freebsd", "netbsd", "openbsd", "darwin")
# Platforms that cannot run here: their files account for every case they can
# run (see unaccounted()), from their documentation, and mark each
# "documented, not observed" in a comparison.
DOCUMENTED_OS = ("freebsd", "netbsd", "openbsd", "darwin")
# What only these outcomes say; a run's verdict treats them as "expected to hold"
NOT_A_DEVIATION = ("pass", "skip", "unknown")


MAX_BOUND_RELEASES = 16
RELEASE = re.compile(r"[0-9]{1,9}(?:\.[0-9]{1,9})*")  # 4.17, 6.18.44: what since:/before: take
EXPECTED_FILE_LIMIT = 1 << 20  # bytes; the largest file is about 70 KB


def has_release(rel, bound):
    """Whether release rel has what a since:/before: bound names.  A bound is one
    release or several: the highest is the mainline release that brought the
    change, every other one a stable release that took it as a backport, which
    counts within its own series only (6.12.113 says nothing about 6.18.y)."""
    mainline = max(bound)
    backport = [b for b in bound if b != mainline and b[:2] == rel[:2]]
    return rel >= (backport[0] if backport else mainline)


def version_tuple(text):
    """(6, 18, 44) from '6.18.44-fc-v669'; () when the text starts with no
    release (a number of more than 9 digits is none: int() of thousands
    raises)."""
    m = RELEASE.match(text or "")
    if not m or (m.end() < len(text) and text[m.end()].isdigit()):
        return ()
    return tuple(int(x) for x in m.group(0).split("."))


def shown(text, limit=100):
    """A value from a file for an error line: escaped when not printable, cut."""
    short = text[:limit] + ("..." if len(text) > limit else "")
    return short if short.isprintable() else repr(short)[1:-1]


def open_regular_file(path):
    """A binary file object of a file that is no symbolic link (one planted in
    a directory from elsewhere would make the runner, often root, read what
    it points to) and no FIFO or device (an open or a read that never ends)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError as e:
        if e.errno == errno.ELOOP or os.path.islink(path):  # FreeBSD says EMLINK
            raise OSError(e.errno, "a symbolic link, not followed")
        raise
    f = os.fdopen(fd, "rb")
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        f.close()
        raise OSError(errno.EINVAL, "not a regular file")
    return f


def read_regular_file(path, limit):
    """Up to limit + 1 bytes of a regular file that is no symbolic link."""
    with open_regular_file(path) as f:
        return f.read(limit + 1)


def read_expected_lines(path):
    """An expected/ file's lines: UTF-8 whatever the locale, and a bad byte is
    an error naming its line."""
    try:
        data = read_regular_file(path, EXPECTED_FILE_LIMIT)
    except OSError as e:
        raise UsageError(f"{path}: cannot read: {e.strerror}")
    if len(data) > EXPECTED_FILE_LIMIT:
        raise UsageError(f"{path}: larger than {EXPECTED_FILE_LIMIT} bytes: not an expected/ file")
    try:
        return data.decode("utf-8").splitlines()
    except UnicodeDecodeError as e:
        lineno = data.count(b"\n", 0, e.start) + 1
        raise UsageError(f"{path}:{lineno}: not UTF-8 "
                         f"(byte 0x{data[e.start]:02x})")


def parse_expected(path, case_ids):
    """Reads one expected/<os> file into {case id: Expectation}.

    Format: a line `<case-id>:` opens an entry; indented `key: value` lines
    follow (outcome, reason, cite required; since/before optional kernel
    release bounds; filesystem optional, that of the scratch directory; libc
    optional, the C library's family, for a deviation of the library rather
    than the kernel; machine and page_size optional, each one value or several
    separated by spaces, for an emulator's deviation on some architectures or
    page sizes).  '#' starts a comment line.  Errors raise UsageError naming
    file:line."""
    entries, current = {}, None
    lines = read_expected_lines(path)

    def finish():
        if current is None:
            return
        for key in ("outcome", "reason", "cite"):
            if not getattr(current, key):
                raise UsageError(f"{current.where}: entry '{current.case_id}' has no '{key}:'")

    for lineno, line in enumerate(lines, 1):
        where = f"{path}:{lineno}"
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            finish()
            cid = line.strip()
            if not cid.endswith(":"):
                raise UsageError(f"{where}: expected '<case-id>:' to open an entry")
            cid = cid[:-1].strip()
            if cid not in case_ids:
                raise UsageError(f"{where}: no case named '{shown(cid)}'")
            if cid in entries:
                raise UsageError(f"{where}: second entry for '{cid}'")
            current = entries[cid] = Expectation(cid, "", "", "", where=where)
            continue
        if current is None:
            raise UsageError(f"{where}: indented line outside an entry")
        key, sep, value = line.strip().partition(":")
        value = value.strip()
        if not sep or key not in EXPECTED_KEYS:
            raise UsageError(f"{where}: expected one of {', '.join(EXPECTED_KEYS)} as 'key: value'")
        if not value:
            raise UsageError(f"{where}: '{key}:' is empty")
        if key == "outcome" and value not in EXPECTED_OUTCOMES:
            raise UsageError(f"{where}: outcome '{shown(value)}' is not one of {', '.join(EXPECTED_OUTCOMES)}")
        if key in ("since", "before"):
            releases = value.split()
            bad = next((r for r in releases if not RELEASE.fullmatch(r)), None)
            if bad is not None or len(releases) > MAX_BOUND_RELEASES:
                raise UsageError(f"{where}: '{key}:' takes a release like 4.17, not '{shown(value)}' (or "
                                 "a mainline release and the stable ones that took a backport: 6.12.113 7.1)")
            bound = tuple(version_tuple(r) for r in releases)
            series = [r[:2] for r in bound if r != max(bound)]
            if len(set(series)) < len(series) or max(bound)[:2] in series:
                raise UsageError(f"{where}: '{key}:' names two releases of one series: '{shown(value)}'")
            value = bound
        setattr(current, key, value)
    finish()
    return entries


def load_expected(plat, case_ids, directory=EXPECTED_DIR):
    """Every expected/ file is checked.  The one named after this platform's OS
    applies (expected/linux), then the one named after the target's kind
    (expected/gvisor: an implementation's own deviations), whose entries win;
    each entry bounded by release, scratch filesystem, C library, machine and
    page size."""
    files = {}
    for path in sorted(directory.glob("*")):
        if path.is_file() and not path.name.startswith((".", "README")):
            files[path.name] = parse_expected(path, case_ids)
    os_name = plat.get("os", "").lower()
    for name, entries in files.items():
        for e in entries.values():
            check_outcome_belongs(e, name)
    applying = {}
    for name in (os_name, plat.get("target_kind")):
        applying.update({cid: e for cid, e in files.get(name, {}).items() if e.applies(plat)})
    return {cid: e for cid, e in applying.items() if e.outcome not in NOT_A_DEVIATION}


def check_outcome_belongs(e, file_name):
    if file_name in DOCUMENTED_OS:
        return
    if e.outcome in ("skip", "unknown"):
        raise UsageError(f"{e.where}: 'outcome: {e.outcome}' belongs only in the file of a platform "
                         f"documented but not observed ({', '.join(DOCUMENTED_OS)}), not in expected/"
                         + file_name)
    if e.outcome == "pass" and file_name in OS_FILES:
        raise UsageError(f"{e.where}: 'outcome: pass' belongs in an implementation's file "
                         "(it cancels an entry of the OS's), not in expected/" + file_name)


def documented(os_name, cases, directory=EXPECTED_DIR):
    """What a documented platform's file says of each case, for a column that is
    documented, not observed: {case id: Expectation}.  A case whose Requires:
    the platform cannot meet ('linux' elsewhere) is a skip from its header;
    a case its file does not list is missing from the result (unaccounted)."""
    entries = parse_expected(directory / os_name, {c.id for c in cases})
    column = {}
    for case in cases:
        unmet = [r for r in case.requires if r == "linux" and os_name != "linux"]
        if unmet:
            column[case.id] = Expectation(case.id, "skip", f"Requires: {' '.join(unmet)}",
                                          f"{case.id}.c header")
        elif case.id in entries:
            column[case.id] = entries[case.id]
    return column


def unaccounted(os_name, cases, directory=EXPECTED_DIR):
    """The cases a documented platform's file should list and does not."""
    column = documented(os_name, cases, directory)
    return [c.id for c in cases if c.id not in column]


def verdict(outcome, expectation):
    """The verdict table: the case's outcome against what this platform is expected to do."""
    if expectation is not None and expectation.outcome in NOT_A_DEVIATION:
        expectation = None
    if outcome in ("skip", "notrun") or expectation is None:
        return outcome
    if outcome == "error" and expectation.outcome != "error":
        return outcome
    return "xfail" if outcome == expectation.outcome else "xpass"

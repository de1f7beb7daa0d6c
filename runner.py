#!/usr/bin/env python3
"""mmapcheck runner: builds, lists, runs and classifies the cases, and writes
per-platform reports.

Standard library only, so that it runs on a BSD box with a bare Python.  It is
also a pytest plugin (registered by conftest.py): `python3 -m pytest runner.py`
collects one item per case.  See README.md for the commands.
"""

import argparse
import concurrent.futures
import dataclasses
import datetime
import difflib
import fnmatch
import functools
import json
import os
import platform as pyplatform
import re
import selectors
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent
CASES_DIR = ROOT / "cases"
HARNESS_DIR = ROOT / "harness"
EXPECTED_DIR = ROOT / "expected"
REPORTS_DIR = ROOT / "reports"

DEFAULT_TIMEOUT = 10.0
BENCH_WALL_S = 1.5  # `make bench`: a whole run of the native suite stays an edit-run loop
OUTPUT_LIMIT = 1 << 20  # bytes of stdout a case may print
EXIT_CODES = {"pass": 0, "fail": 1, "error": 1, "skip": 4}  # kselftest's
BAD_VERDICTS = ("fail", "error", "xpass")
VERDICT_ORDER = ("fail", "xpass", "error", "xfail", "skip", "pass")
NATIVE_LIBC = {"linux": "glibc"}  # a report of another libc gets its own directory
TARGETS = ("native",)  # where cases run; emulators and other kernels come later


class UsageError(Exception):
    """Bad input from the user or the repository's data: exit status 2."""


# ---------------------------------------------------------------- metadata

@dataclasses.dataclass
class Case:
    id: str
    path: Path
    claim: str = ""
    sources: list = dataclasses.field(default_factory=list)
    tags: list = dataclasses.field(default_factory=list)
    requires: list = dataclasses.field(default_factory=list)
    not_mutated: str = ""  # why no fault-injection mutant can break this claim
    covers: list = dataclasses.field(default_factory=list)  # man-page entries: "mmap(2) EINVAL phrase"
    problems: list = dataclasses.field(default_factory=list)  # header lint

    @property
    def call(self):
        return self.id.split("/", 1)[0]


HEADER_KEY = re.compile(r"^\s*\*\s*(Claim|Source|Tags|Requires|Not-mutated|Covers):\s*(.*?)\s*$")
CASE_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*/[a-z0-9]+(?:-[a-z0-9]+)*$")


def load_vocabulary(path):
    """`name  description` lines; '#' starts a comment line."""
    words = {}
    for line in path.read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, desc = line.strip().partition(" ")
            words[name] = desc.strip()
    return words


def parse_case(path, root=CASES_DIR):
    """Reads the header comment of one case file (the first /* ... */)."""
    rel = path.relative_to(root).as_posix()
    case = Case(id=rel[:-2] if rel.endswith(".c") else rel, path=path)
    text = path.read_text(errors="replace")
    end = text.find("*/")
    header = text[: end if end >= 0 else 0]
    claims = []
    for lineno, line in enumerate(header.splitlines(), 1):
        m = HEADER_KEY.match(line)
        if not m:
            continue
        key, value = m.groups()
        if key == "Claim":
            claims.append(value)
        elif key == "Source":
            case.sources.append(value)
        elif key == "Tags":
            case.tags.extend(value.split())
        elif key == "Requires":
            case.requires.extend(value.split())
        elif key == "Covers":
            case.covers.append(value)
        else:
            case.not_mutated = value
    case.claim = claims[0] if claims else ""
    where = f"{path}:1"
    if len(claims) != 1:
        case.problems.append(f"{where}: needs exactly one 'Claim:' line, found {len(claims)}")
    if not case.sources:
        case.problems.append(f"{where}: needs at least one 'Source:' line")
    if not case.tags:
        case.problems.append(f"{where}: needs a 'Tags:' line")
    if not CASE_ID.match(case.id):
        case.problems.append(f"{where}: case id '{case.id}' is not <call>/<words-with-dashes>")
    return case


def collect(root=CASES_DIR):
    """Every case below root, sorted by id, with vocabulary problems noted."""
    tags = load_vocabulary(root / "TAGS")
    requires = load_vocabulary(root / "REQUIRES")
    cases = [parse_case(p, root) for p in sorted(root.rglob("*.c"))]
    for case in cases:
        for tag in case.tags:
            if tag not in tags:
                case.problems.append(f"{case.path}:1: unknown tag '{tag}' (see cases/TAGS)")
        for req in case.requires:
            if req not in requires:
                case.problems.append(f"{case.path}:1: unknown requirement '{req}' (see cases/REQUIRES)")
    return cases


def select(cases, patterns):
    """Cases whose id matches any pattern (exact id or glob); unknown -> UsageError."""
    if not patterns:
        return list(cases)
    ids = [c.id for c in cases]
    chosen = set()
    for pat in patterns:
        hits = [i for i in ids if fnmatch.fnmatchcase(i, pat)]
        if not hits:
            close = difflib.get_close_matches(pat, ids, n=3, cutoff=0.5)
            hint = f"; closest: {', '.join(close)}" if close else ""
            raise UsageError(f"no case matches '{pat}'{hint}")
        chosen.update(hits)
    return [c for c in cases if c.id in chosen]


# ---------------------------------------------------------------- building

@dataclasses.dataclass
class Toolchain:
    cc: str = "cc"
    cflags: str = "-O2 -Wall -Wextra"
    ksft_dir: str = ""  # the kernel's selftests dir, to build against its kselftest.h
    build_dir: Path = ROOT / "build"

    @property
    def kselftest_h(self):
        path = Path(self.ksft_dir or HARNESS_DIR / "ksft", "kselftest.h")
        if not path.is_file():
            raise UsageError(f"no kselftest.h in {path.parent}")
        return path

    def command(self, src, out):
        return (shlex.split(self.cc) + shlex.split(self.cflags)
                + ["-I", str(HARNESS_DIR), "-I", str(self.kselftest_h.parent), "-o", str(out), src])


def build_one(tc, src_rel, out):
    """Compiles one source (path relative to ROOT, so __FILE__ names the case).
    Returns None when built, else the compiler's output."""
    cmd = tc.command(src_rel, out)
    stamp = out.with_name(out.name + ".cmd")
    deps = [ROOT / src_rel, tc.kselftest_h, *HARNESS_DIR.rglob("*.h")]
    try:
        fresh = (out.stat().st_mtime >= max(d.stat().st_mtime for d in deps)
                 and stamp.read_text() == " ".join(cmd))
    except OSError:
        fresh = False
    if fresh:
        return None
    out.parent.mkdir(parents=True, exist_ok=True)
    try:
        proc = subprocess.run(cmd, cwd=ROOT, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True, errors="replace")
    except OSError as e:
        return f"cannot run {cmd[0]}: {e}"
    if proc.returncode != 0:
        out.unlink(missing_ok=True)
        return proc.stdout or f"{cmd[0]} exited {proc.returncode}"
    stamp.write_text(" ".join(cmd))
    return proc.stdout if proc.stdout.strip() else None  # warnings


def source_arg(path):
    """The path given to the compiler: relative to the repository when inside
    it, so that __FILE__ (the case id's source) names cases/<call>/<claim>.c."""
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)


def build(cases, tc, jobs=None):
    """Builds the cases and platform-info; returns {case id: compiler output}
    for the cases that failed to build."""
    tc.build_dir.mkdir(parents=True, exist_ok=True)
    problem = build_one(tc, "harness/platform-info.c", tc.build_dir / "platform-info")
    if problem and not (tc.build_dir / "platform-info").exists():
        raise UsageError(f"cannot build harness/platform-info.c:\n{problem}")
    jobs = jobs or os.cpu_count() or 1
    with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
        futures = {c.id: pool.submit(build_one, tc, source_arg(c.path), tc.build_dir / c.id)
                   for c in cases}
    failed = {}
    for cid, fut in futures.items():
        out = fut.result()
        if out and not (tc.build_dir / cid).exists():
            failed[cid] = out
    return failed


# ---------------------------------------------------------------- KTAP

@dataclasses.dataclass
class Result:
    ok: bool
    number: int
    name: str
    directive: str  # "", "skip", "error", "xfail", "todo"
    reason: str


@dataclasses.dataclass
class Ktap:
    version: str = None
    plan: int = None
    plan_skip: str = None  # "1..0 # SKIP reason"
    results: list = dataclasses.field(default_factory=list)
    observed: dict = dataclasses.field(default_factory=dict)
    diagnostics: list = dataclasses.field(default_factory=list)
    bail_out: str = None
    problems: list = dataclasses.field(default_factory=list)


VERSION_LINE = re.compile(r"^(KTAP version 1|TAP version 1[34])$")
PLAN_LINE = re.compile(r"^1\.\.(\d+)\s*(?:#\s*SKIP\b\s*(.*))?$", re.I)
RESULT_LINE = re.compile(r"^(ok|not ok) (\d+)\b\s*([^#]*?)\s*(?:#\s*(\w+)\b\s*(.*?))?\s*$")


def parse_ktap(text):
    """Parses one case's stdout.  Never raises: whatever does not fit is a problem."""
    k = Ktap()
    for lineno, line in enumerate(text.splitlines(), 1):
        line = line.rstrip("\r")
        if not line.strip():
            continue
        if VERSION_LINE.match(line):
            if k.version or k.plan is not None or k.results:
                k.problems.append(f"line {lineno}: version line not first")
            k.version = line
        elif PLAN_LINE.match(line):
            m = PLAN_LINE.match(line)
            if k.plan is not None:
                k.problems.append(f"line {lineno}: second plan line")
            k.plan = int(m.group(1))
            k.plan_skip = m.group(2)
        elif RESULT_LINE.match(line):
            status, num, name, directive, reason = RESULT_LINE.match(line).groups()
            k.results.append(Result(status == "ok", int(num), name, (directive or "").lower(),
                                    reason or ""))
        elif line.startswith("#"):
            body = line[1:].strip()
            if body.startswith("observed:"):
                for token in body[len("observed:"):].split():
                    key, sep, value = token.partition("=")
                    if not sep:
                        k.problems.append(f"line {lineno}: observation '{token}' is not key=value")
                        continue
                    n, unique = 2, key
                    while unique in k.observed:
                        unique, n = f"{key}_{n}", n + 1
                    k.observed[unique] = value
            else:
                k.diagnostics.append(body)
        elif line.startswith("Bail out!"):
            k.bail_out = line[len("Bail out!"):].strip()
        else:
            k.problems.append(f"line {lineno}: not KTAP: {line[:80]!r}")
    return k


def classify(case_id, k, returncode):
    """The case's outcome (pass, fail, skip, error) and its reason, from its
    parsed output and exit status (negative: killed by that signal)."""
    def error(reason):
        return "error", reason

    if returncode is not None and returncode < 0:
        try:
            name = signal.Signals(-returncode).name
        except ValueError:
            name = f"signal {-returncode}"
        return error(f"crashed: killed by {name}")
    if k.version is None:
        return error("no KTAP version line")
    if k.plan is None:
        return error("no plan line (1..1)" + (f"; bailed out: {k.bail_out}" if k.bail_out else ""))
    if k.problems:
        return error("malformed KTAP: " + "; ".join(k.problems[:3]))
    if k.plan == 0 and k.plan_skip is not None and not k.results:
        outcome, reason = "skip", k.plan_skip
    elif k.plan != 1:
        return error(f"plan is 1..{k.plan}; a case reports exactly one result")
    elif len(k.results) != 1:
        why = f"; bailed out: {k.bail_out}" if k.bail_out else ""
        return error(f"{len(k.results)} result lines, expected 1{why}")
    else:
        r = k.results[0]
        if r.number != 1:
            return error(f"result line numbered {r.number}, expected 1")
        if r.directive not in ("", "skip", "error"):
            return error(f"unsupported directive '# {r.directive.upper()}' "
                         "(expected outcomes belong in expected/, not in the case)")
        if r.name and r.directive == "" and r.name != case_id:
            return error(f"result line names '{r.name}', expected '{case_id}'")
        if r.directive == "skip":
            outcome, reason = "skip", r.reason
        elif r.directive == "error":
            outcome, reason = "error", f"broken: {r.reason}"
        elif r.ok:
            outcome, reason = "pass", ""
        else:
            failed = [d for d in k.diagnostics if "check failed:" in d]
            outcome, reason = "fail", "; ".join(failed) or "the case reported not ok"
    status = "ok" if outcome in ("pass", "skip") else "not ok"
    if returncode != EXIT_CODES[outcome]:
        return error(f"exit code {returncode} disagrees with result line '{status}' "
                     f"({outcome}, exit {EXIT_CODES[outcome]})")
    return outcome, reason


# ---------------------------------------------------------------- expected

@dataclasses.dataclass
class Expectation:
    case_id: str
    outcome: str
    reason: str
    cite: str
    since: tuple = None   # applies to releases >= since
    before: tuple = None  # applies to releases < before
    filesystem: str = None  # applies only when the scratch directory is on this filesystem
    where: str = ""

    def applies(self, release, filesystem):
        rel = version_tuple(release)
        return ((self.since is None or rel >= self.since)
                and (self.before is None or rel < self.before)
                and (self.filesystem is None or self.filesystem == filesystem))


EXPECTED_KEYS = ("outcome", "reason", "cite", "since", "before", "filesystem")
EXPECTED_OUTCOMES = ("fail",)


def version_tuple(text):
    m = re.match(r"\d+(?:\.\d+)*", text or "")
    return tuple(int(x) for x in m.group(0).split(".")) if m else ()


def parse_expected(path, case_ids):
    """Reads one expected/<os> file into {case id: Expectation}.

    Format: a line `<case-id>:` opens an entry; indented `key: value` lines
    follow (outcome, reason, cite required; since/before optional kernel
    release bounds; filesystem optional, that of the scratch directory).  '#' starts a comment line.  Errors raise UsageError
    naming file:line."""
    entries, current = {}, None
    lines = path.read_text().splitlines()

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
                raise UsageError(f"{where}: no case named '{cid}'")
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
            raise UsageError(f"{where}: outcome '{value}' is not one of {', '.join(EXPECTED_OUTCOMES)}")
        if key in ("since", "before"):
            if not re.fullmatch(r"\d+(\.\d+)*", value):
                raise UsageError(f"{where}: '{key}:' takes a release like 4.17, not '{value}'")
            value = version_tuple(value)
        setattr(current, key, value)
    finish()
    return entries


def load_expected(plat, case_ids, directory=EXPECTED_DIR):
    """Every expected/ file is checked; the one named after this platform's OS
    applies, bounded by its release and scratch filesystem."""
    applying = {}
    for path in sorted(directory.glob("*")):
        if path.is_file() and not path.name.startswith((".", "README")):
            entries = parse_expected(path, case_ids)
            if path.name == plat.get("os", "").lower():
                applying = {cid: e for cid, e in entries.items()
                            if e.applies(plat.get("release", ""), plat.get("tmpdir_fs"))}
    return applying


def verdict(outcome, expectation):
    """The verdict table: the case's outcome against what this platform is expected to do."""
    if outcome in ("skip", "error") or expectation is None:
        return outcome
    return "xfail" if outcome == expectation.outcome else "xpass"


# ---------------------------------------------------------------- running

@dataclasses.dataclass
class CaseRun:
    case: Case
    outcome: str = "error"
    reason: str = ""
    verdict: str = "error"
    expected: Expectation = None
    stdout: str = ""
    stderr: str = ""
    returncode: int = None
    observed: dict = dataclasses.field(default_factory=dict)
    diagnostics: list = dataclasses.field(default_factory=list)
    duration_s: float = 0.0


def group_alive(pgid):
    try:
        os.killpg(pgid, 0)
        return True
    except (ProcessLookupError, PermissionError):
        return False


def kill_group(pgid):
    try:
        os.killpg(pgid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


# Variables that replace or retune the C library's allocator and loader for every
# program: a case must see the platform's own, so the runner withholds them and
# the report names what it withheld.
WITHHELD_ENV = re.compile(r"^(MALLOC_\w*|GLIBC_TUNABLES|LD_PRELOAD|LD_AUDIT|KSFT_TAP_LEVEL)$")


def withheld_env():
    return sorted(k for k in os.environ if WITHHELD_ENV.match(k))


@functools.lru_cache(maxsize=None)
def base_env():
    """The cases' environment: ours, in the C locale, less what WITHHELD_ENV names."""
    env = {k: v for k, v in os.environ.items() if not WITHHELD_ENV.match(k)}
    env["LC_ALL"] = "C"
    return tuple(env.items())


def execute(argv, workdir, timeout, env=None, groups=None):
    """Runs one case binary in its own process group and private directory.
    Returns (stdout, stderr, returncode, problem, duration); problem names what
    the runner itself saw go wrong (timeout, too much output, leftovers).
    groups, if given, holds the process groups running, for an interrupt."""
    env = dict(base_env(), TMPDIR=str(workdir), **(env or {}))
    start = time.monotonic()
    try:
        proc = subprocess.Popen(argv, cwd=workdir, env=env, stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                start_new_session=True)
    except OSError as e:
        return "", "", None, f"cannot execute {argv[0]}: {e.strerror}", 0.0
    if groups is not None:
        groups.add(proc.pid)
    out, err, problem = bytearray(), bytearray(), None
    sel = selectors.DefaultSelector()
    for stream, buf in ((proc.stdout, out), (proc.stderr, err)):
        os.set_blocking(stream.fileno(), False)
        sel.register(stream, selectors.EVENT_READ, buf)
    deadline = start + timeout
    while sel.get_map():
        exited = proc.poll() is not None
        for key, _ in sel.select(0 if exited else min(0.05, max(0, deadline - time.monotonic()))):
            data = key.fileobj.read(65536)
            if data:
                key.data.extend(data)
            elif data is not None:  # EOF
                sel.unregister(key.fileobj)
        if len(out) > OUTPUT_LIMIT:
            problem = f"printed more than {OUTPUT_LIMIT} bytes"
            break
        if exited:
            break  # what is left in the pipes was read above; a leftover child may hold them open
        if time.monotonic() >= deadline:
            problem = f"timed out after {timeout:g} s; process group killed"
            break
    if proc.poll() is None:
        kill_group(proc.pid)
    returncode = proc.wait()
    duration = time.monotonic() - start
    if problem is None and group_alive(proc.pid):
        problem = "left processes running after it exited; killed them"
    kill_group(proc.pid)
    if groups is not None:
        groups.discard(proc.pid)
    sel.close()
    proc.stdout.close()
    proc.stderr.close()
    return (out[:OUTPUT_LIMIT].decode(errors="replace"), err[:OUTPUT_LIMIT].decode(errors="replace"),
            returncode, problem, duration)


def requirement_unmet(case, plat):
    """The reason a case's Requires: is not met here, or None."""
    for req in case.requires:
        if req == "linux" and plat["os"].lower() != "linux":
            return "requires linux"
        if req == "root" and str(plat.get("uid")) != "0":
            return "requires root"
    return None


def probe_platform(tc):
    """Facts about where the cases run, from build/platform-info and Python."""
    plat = {"target": "native"}  # the only target so far
    try:
        out = subprocess.run([str(tc.build_dir / "platform-info")], stdout=subprocess.PIPE,
                             text=True, timeout=10, check=True).stdout
    except (OSError, subprocess.SubprocessError) as e:
        raise UsageError(f"cannot run {tc.build_dir / 'platform-info'}: {e}")
    for line in out.splitlines():
        key, _, value = line.partition("=")
        plat[key] = value
    plat["page_size"] = int(plat.get("page_size", 0))
    plat["tmpdir"] = tempfile.gettempdir()
    plat["tmpdir_fs"] = filesystem_of(plat["tmpdir"])
    plat["env_withheld"] = " ".join(withheld_env())
    os_name = plat.get("os", pyplatform.system()).lower()
    libc_family = plat.get("libc", "").split("-")[0]
    parts = [os_name, ".".join(map(str, version_tuple(plat.get("release")))) or "unknown",
             plat.get("machine", "unknown")]
    if libc_family and NATIVE_LIBC.get(os_name, libc_family) != libc_family:
        parts.append(libc_family)
    if plat["target"] != "native":
        parts.append(plat["target"])
    plat["id"] = "-".join(parts)
    return plat


def filesystem_of(path):
    """The type of the filesystem holding path (Linux /proc/mounts), else 'unknown'."""
    best, fstype = "", "unknown"
    try:
        with open("/proc/self/mounts") as f:
            for line in f:
                fields = line.split()
                if len(fields) >= 3:
                    mnt = fields[1].replace("\\040", " ")
                    if (path == mnt or path.startswith(mnt.rstrip("/") + "/")) and len(mnt) >= len(best):
                        best, fstype = mnt, fields[2]
    except OSError:
        pass
    return fstype


class Suite:
    """One run of a set of cases: what they share (toolchain, timeout, extra
    environment, expectations), their results, and the process groups still
    running, so that an interrupt kills them all."""

    def __init__(self, tc, timeout=DEFAULT_TIMEOUT, jobs=None, env=None):
        self.tc, self.timeout, self.env = tc, timeout, env or {}
        self.jobs = jobs or os.cpu_count() or 1
        self.groups = set()
        self.interrupted = False
        self.platform, self.expectations, self.runs, self.wall_s = {}, {}, [], 0.0
        self.started = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")

    def run(self, cases, progress=None):
        """Builds and runs the cases in parallel; on Ctrl-C, kills what is
        running and keeps the results finished before it."""
        build_errors = build(cases, self.tc)
        for case in cases:
            binary = self.tc.build_dir / case.id
            if case.id not in build_errors and not os.access(binary, os.X_OK):
                raise UsageError(f"case binary {binary} is missing or not executable")
        self.platform = probe_platform(self.tc)
        self.platform["system_changes_allowed"] = "MMAPCHECK_ALLOW_SYSTEM_CHANGES" in self.env
        self.expectations = load_expected(self.platform, {c.id for c in collect()})
        run_root = tempfile.mkdtemp(prefix="mmapcheck-run-")
        start = time.monotonic()
        pool = concurrent.futures.ThreadPoolExecutor(self.jobs)
        try:
            futures = [pool.submit(self.run_case, c, run_root, build_errors.get(c.id)) for c in cases]
            for fut in futures:
                self.runs.append(fut.result())
                if progress:
                    progress(self.runs[-1])
        except KeyboardInterrupt:
            self.interrupted = True
            for pgid in list(self.groups):
                kill_group(pgid)
            pool.shutdown(wait=True, cancel_futures=True)
        finally:
            pool.shutdown(wait=True)
            self.wall_s = time.monotonic() - start
            shutil.rmtree(run_root, ignore_errors=True)
        return self

    def run_case(self, case, run_root, build_error=None):
        run = CaseRun(case, expected=self.expectations.get(case.id))
        unmet = requirement_unmet(case, self.platform)
        if build_error is not None:
            run.outcome, run.reason = "error", "does not build: " + build_error.strip().splitlines()[-1][:200]
            run.stderr = build_error
        elif unmet:
            run.outcome, run.reason = "skip", unmet
        else:
            workdir = Path(run_root, case.id.replace("/", "--"))
            workdir.mkdir()
            out, err, rc, problem, run.duration_s = execute(
                [str(self.tc.build_dir / case.id)], workdir, self.timeout, self.env, self.groups)
            run.stdout, run.stderr, run.returncode = out, err, rc
            k = parse_ktap(out)
            run.observed, run.diagnostics = k.observed, k.diagnostics
            left = sorted(p.name for p in workdir.iterdir())
            if problem is not None:
                run.outcome, run.reason = "error", problem
            else:
                run.outcome, run.reason = classify(case.id, k, rc)
                if left and run.outcome != "error":
                    run.outcome, run.reason = "error", f"left files behind: {', '.join(left[:5])}"
            if left:
                shutil.rmtree(workdir, ignore_errors=True)
            else:
                workdir.rmdir()
        run.verdict = verdict(run.outcome, run.expected)
        if run.verdict == "xpass":
            run.reason = f"passes, but expected/ lists it as a deviation ({run.expected.where}): stale entry"
        elif run.verdict == "xfail":
            run.reason = f"{run.expected.reason} [{run.expected.cite}]"
        return run


# ---------------------------------------------------------------- reports

def totals(runs):
    t = {v: 0 for v in VERDICT_ORDER}
    for r in runs:
        t[r.verdict] += 1
    return t


def totals_line(t):
    return (f"{t['pass']} passed, {t['fail']} failed, {t['skip']} skipped, "
            f"{t['xfail']} xfailed, {t['xpass']} xpassed, {t['error']} errors")


def observed_text(observed):
    return " ".join(f"{k}={v}" for k, v in observed.items())


def case_record(r):
    return {
        "id": r.case.id, "claim": r.case.claim, "sources": r.case.sources,
        "tags": r.case.tags, "outcome": r.outcome,
        "expected": r.expected.outcome if r.expected else "pass",
        "verdict": r.verdict, "observed": r.observed, "reason": r.reason,
        "citation": r.expected.cite if r.expected else None,
        "exit_code": r.returncode, "duration_s": round(r.duration_s, 4),
    }


def check_writable(root):
    """Fails before a run, not after it, when the report cannot be written."""
    try:
        root.mkdir(parents=True, exist_ok=True)
        tempfile.TemporaryFile(dir=root).close()
    except OSError as e:
        raise UsageError(f"report directory {root} is not writable: {e.strerror}")


def write_reports(suite, selected_all, root=REPORTS_DIR):
    """Writes reports/<platform id>/ whole, replacing only that platform's
    previous report.  It is complete only when every case ran to its end.
    Returns the directory."""
    plat = suite.platform
    complete = selected_all and not suite.interrupted
    final = root / plat["id"]
    tmp = root / f".{plat['id']}.partial-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    (tmp / "ktap").mkdir(parents=True)
    runs = sorted(suite.runs, key=lambda r: r.case.id)
    summary = {
        "format": 1, "complete": complete, "interrupted": suite.interrupted,
        "started": suite.started, "run_wall_s": round(suite.wall_s, 4),
        "platform": plat, "totals": totals(runs),
        "cases": [case_record(r) for r in runs],
    }
    (tmp / "summary.json").write_text(json.dumps(summary, indent=2) + "\n")
    (tmp / "report.md").write_text(markdown_report(plat, runs, complete, suite.interrupted))
    junit_report(runs).write(tmp / "junit.xml", encoding="unicode", xml_declaration=True)
    for r in runs:
        path = tmp / "ktap" / (r.case.id + ".ktap")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(r.stdout)
        if r.stderr:
            path.with_suffix(".stderr").write_text(r.stderr)
    shutil.rmtree(final, ignore_errors=True)
    os.replace(tmp, final)
    return final


def md_cell(text):
    return str(text).replace("|", "\\|").replace("\n", " ")


def markdown_report(plat, runs, complete, interrupted=False):
    t = totals(runs)
    lines = [f"# mmapcheck report: {plat['id']}", ""]
    if not complete:
        why = "interrupted" if interrupted else "not every case was selected"
        lines += [f"**Incomplete run ({why}): {len(runs)} cases reported.**", ""]
    lines += ["| platform | |", "|---|---|"]
    for key in ("os", "release", "machine", "page_size", "libc", "uid", "tmpdir_fs", "target", "env_withheld"):
        lines.append(f"| {key} | {md_cell(plat.get(key, ''))} |")
    lines += ["", f"**{totals_line(t)}**", ""]
    notable = [r for r in runs if r.verdict != "pass"]
    notable.sort(key=lambda r: (VERDICT_ORDER.index(r.verdict), r.case.id))
    if notable:
        lines += ["## Deviations and problems first", "",
                  "| verdict | case | observed | reason |", "|---|---|---|---|"]
        for r in notable:
            lines.append(f"| {r.verdict} | `{r.case.id}` | {md_cell(observed_text(r.observed))} "
                         f"| {md_cell(r.reason)} |")
        lines.append("")
    for call in sorted({r.case.call for r in runs}):
        lines += [f"## {call}", "", "| verdict | case | claim | observed |", "|---|---|---|---|"]
        for r in runs:
            if r.case.call == call:
                lines.append(f"| {r.verdict} | `{r.case.id}` | {md_cell(r.case.claim)} "
                             f"| {md_cell(observed_text(r.observed))} |")
        lines.append("")
    return "\n".join(lines)


def junit_report(runs):
    t = totals(runs)
    suite = ET.Element("testsuite", name="mmapcheck", tests=str(len(runs)),
                       failures=str(t["fail"] + t["xpass"]), errors=str(t["error"]),
                       skipped=str(t["skip"] + t["xfail"]),
                       time=f"{sum(r.duration_s for r in runs):.3f}")
    for r in runs:
        tc = ET.SubElement(suite, "testcase", classname=r.case.call, name=r.case.id,
                           time=f"{r.duration_s:.3f}")
        if r.verdict in ("fail", "xpass"):
            ET.SubElement(tc, "failure", message=r.reason).text = failure_text(r)
        elif r.verdict == "error":
            ET.SubElement(tc, "error", message=r.reason).text = failure_text(r)
        elif r.verdict in ("skip", "xfail"):
            ET.SubElement(tc, "skipped", message=f"{r.verdict}: {r.reason}")
        ET.SubElement(tc, "system-out").text = r.stdout
    return ET.ElementTree(suite)


def failure_text(r):
    """The short domain report for a case that did not pass: no traceback."""
    lines = [f"{r.case.id}: {r.verdict.upper()}",
             f"  claim:    {r.case.claim}"]
    lines += [f"  source:   {s}" for s in r.case.sources]
    expected = f"fail ({r.expected.reason}; {r.expected.cite})" if r.expected else "the claim holds"
    lines += [f"  expected: {expected}",
              f"  outcome:  {r.outcome}" + (f" ({r.reason})" if r.reason else ""),
              f"  observed: {observed_text(r.observed) or '(nothing)'}"]
    lines += [f"  # {d}" for d in r.diagnostics if not d.startswith("Totals:")]
    if r.stderr.strip():
        lines += ["  stderr:"] + [f"    {l}" for l in r.stderr.strip().splitlines()[-20:]]
    return "\n".join(lines)


# ---------------------------------------------------------------- command line

def toolchain_from(args):
    return Toolchain(cc=args.cc, cflags=args.cflags, ksft_dir=args.ksft_dir,
                     build_dir=Path(args.build_dir).resolve())


def lint_or_die(cases):
    problems = [p for c in cases for p in c.problems]
    if problems:
        raise UsageError("bad case headers:\n  " + "\n  ".join(problems))


def cmd_list(args):
    cases = select(collect(), args.cases)
    if args.json:
        print(json.dumps([{"id": c.id, "claim": c.claim, "sources": c.sources, "tags": c.tags,
                           "requires": c.requires} for c in cases], indent=2))
    else:
        for c in cases:
            print(f"{c.id:48} {c.claim}")
    return 0


def cmd_build(args):
    cases = select(collect(), args.cases)
    tc = toolchain_from(args)
    if args.werror:  # part of the command, so a binary built without it is rebuilt
        tc.cflags += " -Werror"
    failed = build(cases, tc)
    for cid, out in sorted(failed.items()):
        print(f"{cid}: does not build:\n{out}", file=sys.stderr)
    print(f"built {len(cases) - len(failed)} of {len(cases)} cases into {args.build_dir}")
    return 1 if failed else 0


def print_run(r, verbose):
    note = r.reason if r.verdict != "pass" else ""
    print(f"{r.verdict.upper():6} {r.case.id:50} {observed_text(r.observed)}"
          + (f"\n       {note}" if note else ""), flush=True)
    if verbose or r.verdict in BAD_VERDICTS:
        if r.verdict in BAD_VERDICTS:
            print(failure_text(r))
        if verbose:
            print(r.stdout, end="")


def cmd_run(args):
    all_cases = collect()
    lint_or_die(all_cases)
    load_expected({}, {c.id for c in all_cases})  # a bad entry stops the run before it starts
    cases = select(all_cases, args.cases)
    if args.tag:
        tags = load_vocabulary(CASES_DIR / "TAGS")
        unknown = [t for t in args.tag if t not in tags]
        if unknown:
            raise UsageError(f"unknown tag '{unknown[0]}' (see cases/TAGS)")
        cases = [c for c in cases if set(args.tag) & set(c.tags)]
    if args.target not in TARGETS:
        raise UsageError(f"unknown target '{args.target}'; known: {', '.join(TARGETS)}")
    if not args.timeout > 0:
        raise UsageError("--timeout must be a positive number of seconds")
    selected_all = len(cases) == len(all_cases)
    reports = Path(args.reports) if args.reports else REPORTS_DIR
    if selected_all or args.reports:
        check_writable(reports)
    env = {"MMAPCHECK_ALLOW_SYSTEM_CHANGES": "1"} if args.allow_system_changes else {}
    suite = Suite(toolchain_from(args), args.timeout, args.jobs, env)
    suite.run(cases, progress=lambda r: print_run(r, args.verbose))
    t = totals(suite.runs)
    if selected_all or args.reports:
        out = write_reports(suite, selected_all, reports)
        print(f"report: {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}/report.md")
    print(f"{suite.platform['id']}: {totals_line(t)}")
    if suite.interrupted:
        raise UsageError(f"interrupted: {len(suite.runs)} of {len(cases)} cases finished; "
                         "running cases were killed and the report is marked incomplete")
    return 1 if any(t[v] for v in BAD_VERDICTS) else 0


def cmd_coverage(args):
    """Which man-page ERRORS and signal entries the cases check; writes reports/coverage.md."""
    from mmapcheck import coverage
    cases = collect()
    lint_or_die(cases)
    try:
        entries = coverage.load_entries()
        unchecked = coverage.load_unchecked(CASES_DIR / "UNCHECKABLE")
    except LookupError as e:
        raise UsageError(f"man pages not installed: {e} (Debian: apt-get install manpages-dev)")
    except ValueError as e:
        raise UsageError(str(e))
    problems = coverage.assess(cases, unchecked, entries)
    text, (covered, explained, total) = coverage.report(cases, entries, problems)
    out = Path(args.output) if args.output else REPORTS_DIR / "coverage.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text)
    for e in entries:
        if not e.cases and not e.reason:
            print(f"NOT COVERED  {e.label}: {e.text[:100]}")
    for p in problems:
        print(f"PROBLEM      {p}")
    print(f"{len(cases)} cases; man-page entries: {covered} covered, {explained} explained, "
          f"{total - covered - explained} neither, of {total}")
    print(f"report: {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")
    return 1 if problems or covered + explained < total else 0


def cmd_bench(args):
    """Wall time of a whole `runner.py run` against the sum of the cases' own times."""
    build(collect(), toolchain_from(args))  # so that compiling is not counted
    reports = Path(tempfile.mkdtemp(prefix="mmapcheck-bench-"))
    try:
        cmd = [sys.executable, str(ROOT / "runner.py"), "run", "--reports", str(reports),
               "--cc", args.cc, "--cflags", args.cflags, "--ksft-dir", args.ksft_dir,
               "--build-dir", args.build_dir]
        start = time.monotonic()
        proc = subprocess.run(cmd, stdout=subprocess.DEVNULL)
        wall = time.monotonic() - start
        summary = json.loads(next(reports.glob("*/summary.json")).read_text())
    finally:
        shutil.rmtree(reports, ignore_errors=True)
    case_sum = sum(c["duration_s"] for c in summary["cases"])
    run_wall = summary["run_wall_s"]
    ratio = run_wall / case_sum if case_sum else float("inf")
    print(f"cases:                  {len(summary['cases'])} ({totals_line(summary['totals'])}), "
          f"{os.cpu_count()} cores")
    print(f"sum of the cases' times: {case_sum:.3f} s")
    print(f"runner, running them:    {run_wall:.3f} s  -> ratio {ratio:.2f} (bar: <= 0.70)")
    print(f"runner, whole process:   {wall:.3f} s  -> ratio {wall / case_sum:.2f} "
          f"(start-up, build check and reports included; bar: < {BENCH_WALL_S:g} s)")
    ok = ratio <= 0.7 and wall < BENCH_WALL_S and proc.returncode == 0
    print("bench: " + ("meets the bar" if ok else
                       f"MISSES the bar (ratio <= 0.70, wall < {BENCH_WALL_S:g} s, clean run)"))
    return 0 if ok else 1


def main(argv=None):
    parser = argparse.ArgumentParser(prog="runner.py", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--cc", default=os.environ.get("CC", "cc"))
    common.add_argument("--cflags", default="-O2 -Wall -Wextra")
    common.add_argument("--ksft-dir", default="",
                        help="build against the kselftest.h in this directory (the kernel's)")
    common.add_argument("--build-dir", default=str(ROOT / "build"))
    p = sub.add_parser("list", help="list the cases and their claims")
    p.add_argument("--json", action="store_true")
    p.add_argument("cases", nargs="*", metavar="CASE")
    p = sub.add_parser("build", parents=[common], help="compile the cases")
    p.add_argument("--werror", action="store_true", help="count warnings as failures")
    p.add_argument("cases", nargs="*", metavar="CASE")
    p = sub.add_parser("run", parents=[common], help="run all cases, or those named (ids or globs)")
    p.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, help="seconds per case")
    p.add_argument("--tag", action="append", help="only the cases with this tag (repeatable)")
    p.add_argument("--target", default="native", help="where the cases run: %s" % ", ".join(TARGETS))
    p.add_argument("--allow-system-changes", action="store_true",
                   help="let cases whose claim needs a system-wide setting (e.g. reserved huge "
                        "pages) change it for themselves; each restores it when it exits")
    p.add_argument("--jobs", type=int, default=None)
    p.add_argument("--reports", help="write the report below this directory (default: reports/, "
                                     "and only for a run of every case)")
    p.add_argument("-v", "--verbose", action="store_true", help="print each case's KTAP")
    p.add_argument("cases", nargs="*", metavar="CASE")
    sub.add_parser("bench", parents=[common], help="measure the runner against the cases' own times")
    p = sub.add_parser("coverage", help="the man pages' ERRORS and signal entries the cases check")
    p.add_argument("--output", help="where to write the Markdown (default: reports/coverage.md)")
    args = parser.parse_args(argv)
    # A shell starts background jobs with SIGINT ignored, and Python then never
    # installs its KeyboardInterrupt handler: an interrupt would be lost and
    # the running cases left to their timeouts.  Ctrl-C always stops a run.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        commands = {"list": cmd_list, "build": cmd_build, "run": cmd_run, "bench": cmd_bench,
                    "coverage": cmd_coverage}
        return commands[args.command](args)
    except UsageError as e:
        print(f"runner.py: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("runner.py: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # stdout closed early, as by `| head`: nothing more to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


# ---------------------------------------------------------------- pytest front end

try:
    import pytest
except ImportError:  # the command line needs no pytest
    pytest = None

if pytest is not None:

    class CaseVerdict(Exception):
        """A case that did not pass: carries the domain report, not a traceback."""

    def pytest_addoption(parser):
        group = parser.getgroup("mmapcheck")
        group.addoption("--case-timeout", type=float, default=DEFAULT_TIMEOUT,
                        help="seconds per case (default %(default)s)")
        group.addoption("--cc", default=os.environ.get("CC", "cc"))
        group.addoption("--build-dir", default=str(ROOT / "build"))

    def pytest_configure(config):
        for tag, desc in load_vocabulary(CASES_DIR / "TAGS").items():
            config.addinivalue_line("markers", f"{tag}: {desc}")

    def pytest_collect_file(file_path, parent):
        if file_path == ROOT / "runner.py":
            return CasesFile.from_parent(parent, path=file_path)
        return None

    class CasesFile(pytest.File):
        def collect(self):
            cases = collect()
            try:
                lint_or_die(cases)
                load_expected({}, {c.id for c in cases})  # checks every file
            except UsageError as e:
                pytest.exit(f"runner.py: {e}", returncode=2)
            for case in cases:
                yield CaseItem.from_parent(self, name=case.id, case=case)

    RUNS = pytest.StashKey[dict]()

    class CaseItem(pytest.Item):
        def __init__(self, *, case, **kwargs):
            super().__init__(**kwargs)
            self.case = case
            for tag in case.tags:
                self.add_marker(tag)

        def setup(self):
            runs = self.config.stash.get(RUNS, None)
            if runs is None:
                # The first item runs every selected case at once, in parallel.
                selected = [i.case for i in self.session.items if isinstance(i, CaseItem)]
                tc = Toolchain(cc=self.config.getoption("cc"),
                               build_dir=Path(self.config.getoption("build_dir")).resolve())
                selected_all = len(selected) == len(collect())
                try:
                    if selected_all:
                        check_writable(REPORTS_DIR)
                    suite = Suite(tc, self.config.getoption("case_timeout")).run(selected)
                except UsageError as e:
                    pytest.exit(f"runner.py: {e}", returncode=2)
                if suite.interrupted:
                    raise KeyboardInterrupt
                runs = self.config.stash[RUNS] = {r.case.id: r for r in suite.runs}
                if selected_all:
                    write_reports(suite, selected_all)
            self.run = runs[self.case.id]
            self.add_report_section("call", "ktap", self.run.stdout)
            if self.run.verdict == "error":
                raise CaseVerdict(failure_text(self.run))

        def runtest(self):
            r = self.run
            if r.verdict == "skip":
                pytest.skip(r.reason)
            if r.verdict == "xfail":
                pytest.xfail(r.reason)
            if r.verdict != "pass":
                raise CaseVerdict(failure_text(r))

        def repr_failure(self, excinfo, style=None):
            if isinstance(excinfo.value, CaseVerdict):
                return str(excinfo.value)
            return super().repr_failure(excinfo)

        def reportinfo(self):
            return self.case.path, None, f"{self.case.id}: {self.case.claim}"

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(item, call):
        outcome = yield
        if call.excinfo is not None and isinstance(call.excinfo.value, CaseVerdict):
            outcome.get_result().longrepr = str(call.excinfo.value)


if __name__ == "__main__":
    sys.exit(main())

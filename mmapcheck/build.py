"""Compiling the cases (and the helpers built with them, platform-info and
run-lane) with a toolchain."""

import concurrent.futures
import dataclasses
import os
import shlex
import subprocess
from pathlib import Path

from . import HARNESS_DIR, ROOT, UsageError


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
        """Paths inside the repository are relative (the compiler runs there), so
        that a copy of the repository with its build/ finds that build up to date."""
        return (shlex.split(self.cc) + shlex.split(self.cflags)
                + ["-I", source_arg(HARNESS_DIR), "-I", source_arg(self.kselftest_h.parent),
                   "-o", source_arg(out), src])


def warnings_file(out):
    """Where the compiler's warnings for a binary are kept, so that a build
    that finds it up to date still reports them (runner.py build --werror)."""
    return out.with_name(out.name + ".warnings")


def headers_changed(tc):
    """When the newest header every source includes was last changed."""
    return max(d.stat().st_mtime for d in [tc.kselftest_h, *HARNESS_DIR.rglob("*.h")])


def build_one(tc, src_rel, out, headers_mtime):
    """Compiles one source (path relative to ROOT, so __FILE__ names the case).
    Returns None when built without a word, else the compiler's output: its
    errors, or the warnings of a binary built now or before."""
    cmd = tc.command(src_rel, out)
    stamp = out.with_name(out.name + ".cmd")
    try:
        fresh = (out.stat().st_mtime >= max(headers_mtime, (ROOT / src_rel).stat().st_mtime)
                 and stamp.read_text() == " ".join(cmd))
    except OSError:
        fresh = False
    if fresh:
        try:
            return warnings_file(out).read_text(errors="replace") or None
        except FileNotFoundError:
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
    warned = proc.stdout if proc.stdout.strip() else None
    if warned:
        warnings_file(out).write_text(warned)
    else:
        warnings_file(out).unlink(missing_ok=True)
    stamp.write_text(" ".join(cmd))
    return warned


def source_arg(path):
    """The path given to the compiler: relative to the repository when inside
    it, so that __FILE__ (the case id's source) names cases/<call>/<claim>.c.
    A path already spelled under ROOT is taken as it is: resolving each case's
    paths anew cost more than the rest of an up-to-date build check."""
    for spelled in (lambda: path, path.resolve):
        try:
            return spelled().relative_to(ROOT).as_posix()
        except ValueError:
            pass
    return str(path)


# Built beside the cases from harness/NAME.c: what the platform is, and what
# runner.sh's lanes run the cases with.
HELPERS = ("platform-info", "run-lane")


def build(cases, tc, jobs=None, warned=None):
    """Builds the cases and the helpers; returns {case id: compiler output}
    for the cases that failed to build, and fills the dict `warned` (if
    given) with {case id: warnings} of those built with warnings, now or
    before.  A build directory that cannot be written (another user's
    build/) is one line, not a traceback."""
    try:
        return build_all(cases, tc, jobs, {} if warned is None else warned)
    except OSError as e:
        raise UsageError(f"cannot build into {tc.build_dir}: {e.filename or ''}: {e.strerror} "
                         "(give another directory with --build-dir)")


def build_all(cases, tc, jobs, warned):
    tc.build_dir.mkdir(parents=True, exist_ok=True)
    headers_mtime = headers_changed(tc)
    for helper in HELPERS:
        problem = build_one(tc, f"harness/{helper}.c", tc.build_dir / helper, headers_mtime)
        if problem and not (tc.build_dir / helper).exists():
            raise UsageError(f"cannot build harness/{helper}.c:\n{problem}")
        if problem:
            warned[helper] = problem
    jobs = jobs or os.cpu_count() or 1
    with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
        futures = {c.id: pool.submit(build_one, tc, source_arg(c.path), tc.build_dir / c.id, headers_mtime)
                   for c in cases}
    failed = {}
    for cid, fut in futures.items():
        out = fut.result()
        if out and not (tc.build_dir / cid).exists():
            failed[cid] = out
        elif out:
            warned[cid] = out
    return failed

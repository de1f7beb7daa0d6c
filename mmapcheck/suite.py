"""A run of a set of cases: in parallel, classified against expected/, with
Ctrl-C killing what is running."""

import concurrent.futures
import dataclasses
import datetime
import os
import shutil
import tempfile
import time
from pathlib import Path

from . import DEFAULT_TIMEOUT, UsageError
from .build import build
from .cases import Case, collect
from .execute import execute, kill_group
from .expected import Expectation, load_expected, verdict
from .ktap import classify, parse_ktap
from .native import probe_platform


TARGETS = ("native",)  # where cases run; emulators and other kernels come later


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


def requirement_unmet(case, plat):
    """The reason a case's Requires: is not met here, or None."""
    for req in case.requires:
        if req == "linux" and plat["os"].lower() != "linux":
            return "requires linux"
        if req == "root" and str(plat.get("uid")) != "0":
            return "requires root"
    return None


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

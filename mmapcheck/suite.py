"""A run of a set of cases on a target: built, run, classified against
expected/, with Ctrl-C ending what is running."""

import dataclasses
import datetime
import os
import tempfile
import time

from . import DEFAULT_TIMEOUT, UsageError
from .build import build
from .cases import Case, case_ids
from .execute import Execution, withheld_env
from .expected import Expectation, load_expected, verdict
from .ktap import classify, parse_ktap
from .targets import platform_id
from .targets.native import Native, filesystem_of


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
    runner_verdict: str = None  # what runner.sh concluded where it ran the case (a guest, a log)


def requirement_unmet(case, plat):
    """The reason a case's Requires: is not met here, or None."""
    for req in case.requires:
        if req == "linux" and plat["os"].lower() != "linux":
            return "requires linux"
        if req == "root" and str(plat.get("uid")) != "0":
            return "requires root"
    return None


class Suite:
    """One run of a set of cases on a target: what they share (toolchain,
    timeout, extra environment, expectations), their results, and the
    target's own problems (a guest that died), kept apart from the verdicts."""

    def __init__(self, tc, timeout=DEFAULT_TIMEOUT, jobs=None, env=None, target=None):
        self.target = target or Native("native")
        self.tc = self.target.toolchain(tc)
        self.timeout, self.env = timeout, env or {}
        self.jobs = jobs or os.cpu_count() or 1
        self.interrupted = False
        self.platform, self.expectations, self.runs, self.wall_s = {}, {}, [], 0.0
        self.target_problems = []
        self.started = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")

    def run(self, cases, progress=None):
        """Builds and runs the cases; on Ctrl-C, ends what is running and keeps
        the results finished before it.  Cases a broken target never ran are
        'notrun', never 'pass'."""
        self.target.check(self.tc)
        build_errors = build(cases, self.tc)
        for case in cases:
            binary = self.tc.build_dir / case.id
            if case.id not in build_errors and not os.access(binary, os.X_OK):
                raise UsageError(f"case binary {binary} is missing or not executable")
        start = time.monotonic()
        try:
            with self.target.session(self.tc, self.timeout, self.env, self.jobs) as session:
                session.start([c for c in cases if c.id not in build_errors])
                self.platform = self.describe(session.platform())
                self.expectations = load_expected(self.platform, case_ids())
                runnable = []
                for case in cases:
                    unmet = requirement_unmet(case, self.platform)
                    if case.id in build_errors or unmet:
                        self.finish(CaseRun(case), None, build_errors.get(case.id), unmet, progress)
                    else:
                        runnable.append(case)
                try:
                    for case, ex in session.executions(runnable):
                        self.finish(CaseRun(case), ex, None, None, progress)
                finally:
                    self.target_problems = list(session.problems)
        except KeyboardInterrupt:
            self.interrupted = True
        finally:
            self.wall_s = time.monotonic() - start
        if not self.interrupted:
            done = {r.case.id for r in self.runs}
            why = "; ".join(self.target_problems) or "the target ended before running it"
            for case in cases:
                if case.id not in done:
                    self.finish(CaseRun(case), None, None, None, progress, notrun=why)
        return self

    def describe(self, plat):
        """platform-info's facts about the target, plus the run's own."""
        plat["target"], plat["target_kind"] = self.target.spec, self.target.kind
        plat["page_size"] = int(plat.get("page_size") or 0)
        plat.setdefault("tmpdir", tempfile.gettempdir())
        plat.setdefault("tmpdir_fs", filesystem_of(plat["tmpdir"]))
        plat["env_withheld"] = " ".join(withheld_env())
        plat["system_changes_allowed"] = "MMAPCHECK_ALLOW_SYSTEM_CHANGES" in self.env
        plat["id"] = platform_id(plat, self.target)
        return plat

    def finish(self, run, ex, build_error, unmet, progress, notrun=None):
        self.classify(run, ex, build_error, unmet, notrun)
        self.runs.append(run)
        if progress:
            progress(run)

    def classify(self, run, ex: Execution, build_error, unmet, notrun):
        run.expected = self.expectations.get(run.case.id)
        if notrun:
            run.outcome, run.reason = "notrun", f"not run: {notrun}"
        elif build_error is not None:
            run.outcome, run.reason = "error", "does not build: " + build_error.strip().splitlines()[-1][:200]
            run.stderr = build_error
        elif unmet:
            run.outcome, run.reason = "skip", unmet
        else:
            run.stdout, run.stderr, run.returncode = ex.stdout, ex.stderr, ex.returncode
            run.duration_s, run.runner_verdict = ex.duration_s, ex.runner_verdict
            k = parse_ktap(ex.stdout)
            run.observed, run.diagnostics = k.observed, k.diagnostics
            if ex.problem is not None:
                run.outcome, run.reason = "error", ex.problem
            else:
                run.outcome, run.reason = classify(run.case.id, k, ex.returncode)
                if ex.leftover and run.outcome != "error":
                    run.outcome, run.reason = "error", f"left files behind: {', '.join(ex.leftover[:5])}"
        # Only the case's own "broken" report can be a recorded set-up deviation,
        # never a crash, a timeout or files left behind.
        own_report = run.outcome != "error" or run.reason.startswith("broken: ")
        run.verdict = verdict(run.outcome, run.expected) if own_report else "error"
        if run.verdict == "xpass":
            did = "passes" if run.outcome == "pass" else f"ends in {run.outcome} ({run.reason})"
            run.reason = (f"{did}, but expected/ lists {run.expected.outcome} ({run.expected.entry}): "
                          "stale entry")
        elif run.verdict == "xfail":
            run.reason = f"{run.expected.reason} [{run.expected.cite}]"
        return run

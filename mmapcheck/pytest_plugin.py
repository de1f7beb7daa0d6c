"""The pytest front end: `python3 -m pytest runner.py` collects one item per
case (conftest.py registers these hooks), runs them all at once, and reports
a case that did not pass with its claim, sources and observations."""

import os
from pathlib import Path

import pytest

from . import CASES_DIR, DEFAULT_TIMEOUT, REPORTS_DIR, ROOT, UsageError
from .build import Toolchain
from .cases import collect, lint_or_die, load_vocabulary
from .expected import load_expected
from .reports import check_writable, failure_text, write_reports
from .suite import Suite
from .targets import TARGET_SPECS, parse_target


class CaseVerdict(Exception):
    """A case that did not pass: carries the domain report, not a traceback."""


def pytest_addoption(parser):
    group = parser.getgroup("mmapcheck")
    group.addoption("--case-timeout", type=float, default=DEFAULT_TIMEOUT,
                    help="seconds per case (default %(default)s)")
    group.addoption("--cc", default=os.environ.get("CC", "cc"))
    group.addoption("--build-dir", default=str(ROOT / "build"))
    group.addoption("--target", default="native", help="where the cases run: " + ", ".join(TARGET_SPECS))
    group.addoption("--reports", default=str(REPORTS_DIR),
                    help="where a run of every case writes <platform>/ (default reports/)")


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
            reports = Path(self.config.getoption("reports"))
            try:
                if selected_all:
                    check_writable(reports)
                target = parse_target(self.config.getoption("target"))
                suite = Suite(tc, self.config.getoption("case_timeout"), target=target).run(selected)
            except UsageError as e:
                pytest.exit(f"runner.py: {e}", returncode=2)
            if suite.interrupted:
                raise KeyboardInterrupt
            if not suite.platform:
                pytest.exit(f"runner.py: target {suite.target.spec} never started", returncode=2)
            runs = self.config.stash[RUNS] = {r.case.id: r for r in suite.runs}
            if selected_all:
                try:
                    write_reports(suite, selected_all, reports)
                except UsageError as e:  # reports/<platform> is a symbolic link, or the disk is full
                    pytest.exit(f"runner.py: {e}", returncode=2)
        self.run = runs[self.case.id]
        self.add_report_section("call", "ktap", self.run.stdout)
        if self.run.verdict in ("error", "notrun"):
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

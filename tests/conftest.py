import json
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from mmapcheck.build import HELPERS

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
NOBODY = pwd.getpwnam("nobody")


class Sandbox:
    """A copy of the repository's runner, harness and cases in a temp dir, with
    its own expected/, build/ and reports/, so a test can change any of them."""

    def __init__(self, path):
        self.root = path
        shutil.copy(ROOT / "runner.py", path)
        shutil.copytree(ROOT / "mmapcheck", path / "mmapcheck", ignore=shutil.ignore_patterns("__pycache__"))
        for d in ("harness", "cases"):
            shutil.copytree(ROOT / d, path / d)
        (path / "expected").mkdir()

    def run(self, *args, timeout=None):  # the runner bounds its cases' time itself
        return subprocess.run([sys.executable, str(self.root / "runner.py"), *args],
                              cwd=self.root, capture_output=True, text=True, timeout=timeout)

    def add_case(self, case_id, body, header=None):
        header = header or (f" * Claim: {case_id} is a test fixture that holds.\n"
                            " * Source: tests/conftest.py\n * Tags: mmap\n")
        path = self.root / "cases" / f"{case_id}.c"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"/*\n{header} */\n#include \"mmapcheck.h\"\n{body}\n")
        return path


@pytest.fixture
def sandbox(tmp_path):
    return Sandbox(tmp_path)


@pytest.fixture
def sandbox_outside_tmp():
    """A sandbox in build/, for a test whose run gets a /tmp of its own."""
    (ROOT / "build").mkdir(exist_ok=True)
    path = Path(tempfile.mkdtemp(prefix="sandbox-", dir=ROOT / "build"))
    try:
        yield Sandbox(path)
    finally:
        shutil.rmtree(path, ignore_errors=True)


def run_as(work, who, prefix):
    reports = Path(tempfile.mkdtemp(prefix=f"reports-{who.replace(' ', '-')}-", dir=work))
    os.chown(reports, NOBODY.pw_uid if who == "nobody" else 0, -1)
    proc = subprocess.run(prefix + [sys.executable, str(work / "runner.py"), "run", "--build-dir",
                                    str(work / "build"), "--reports", str(reports)],
                          cwd=work, capture_output=True, text=True, env=dict(os.environ, HOME=str(work)))
    summary = json.loads(next(reports.glob("*/summary.json")).read_text())
    return proc, summary, {c["id"]: c["verdict"] for c in summary["cases"]}


def copy_case_binaries(build, to):
    """The repository's own build of the cases (what the runner compares to tell
    it is up to date: binaries, their command stamps and warnings, with their
    times), so that a copy of the repository need not compile them again.  What
    is missing or stale there the runner builds as usual."""
    calls = {d.name for d in (ROOT / "cases").iterdir() if d.is_dir()}
    if not build.is_dir():
        return
    to.mkdir()
    for f in build.iterdir():
        if f.is_dir() and f.name in calls:
            shutil.copytree(f, to / f.name)
        elif f.name.startswith(HELPERS) and f.is_file():
            shutil.copy2(f, to)


@pytest.fixture(scope="session")
def root_run():
    """The suite as root, in a world-readable copy of the repository that every
    run with fewer privileges or in other surroundings shares (built once)."""
    work = Path(tempfile.mkdtemp(prefix="mmapcheck-privileges-", dir="/tmp"))
    work.chmod(0o755)
    try:
        for d in ("harness", "cases", "expected", "mmapcheck"):
            shutil.copytree(ROOT / d, work / d, ignore=shutil.ignore_patterns("__pycache__"))
        shutil.copy(ROOT / "runner.py", work)
        copy_case_binaries(ROOT / "build", work / "build")
        proc, summary, verdicts = run_as(work, "root", [])
        assert proc.returncode == 0, f"as root:\n{proc.stdout[-3000:]}{proc.stderr}"
        yield work, verdicts
    finally:
        shutil.rmtree(work, ignore_errors=True)

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


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

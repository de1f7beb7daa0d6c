"""Building: warning-free under gcc, clang and musl-gcc; the kernel's own
kselftest.h gives the same verdicts as ours; both makes drive the build; the
pytest front end."""

import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

import mmapcheck
from mmapcheck import cases, expected
from mmapcheck.build import Toolchain
from mmapcheck.targets.guest import static_toolchain

ROOT = mmapcheck.ROOT
KERNEL_SOURCE = Path("/usr/src/linux-source-6.1.tar.xz")
KSELFTEST_MEMBER = "linux-source-6.1/tools/testing/selftests/kselftest.h"


# The flags `make portcheck` builds with: the runs below reuse its builds (build/port-<mode>).
PORTCHECK_FLAGS = ("--cflags", "-O2 -Wall -Wextra")


def runner_cmd(*args):
    return subprocess.run([sys.executable, str(ROOT / "runner.py"), *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)


def verdicts(build_dir, cc, tmp_path, *extra):
    reports = tmp_path / ("reports-" + Path(build_dir).name)
    proc = runner_cmd("run", "--cc", cc, "--build-dir", str(build_dir), "--reports", str(reports), *extra)
    summaries = list(reports.glob("*/summary.json"))
    assert summaries, proc.stdout + proc.stderr
    summary = json.loads(summaries[0].read_text())
    return {c["id"]: c["verdict"] for c in summary["cases"]}, summary, proc


@pytest.fixture(scope="module")
def glibc_verdicts(tmp_path_factory):
    got, _, proc = verdicts(ROOT / "build", "cc", tmp_path_factory.mktemp("native"))
    return got


def test_portcheck_builds_every_mode_without_warnings():
    """make portcheck: gcc, clang, musl-gcc, strict POSIX with gcc and clang, the
    kernel's kselftest.h, BSD make; one summary line per mode, none failing."""
    proc = subprocess.run(["sh", "tests/portcheck.sh"], cwd=ROOT, capture_output=True, text=True,
                          timeout=1800, env={**os.environ, "PYTHON": sys.executable})
    modes = dict(re.findall(r"^portcheck: (\S+) +(\S+)", proc.stdout, re.M))
    assert proc.returncode == 0 and "FAILED" not in modes.values(), proc.stdout + proc.stderr
    assert set(modes) == {"gcc", "clang", "musl-gcc", "strict-gcc", "strict-clang",
                          "kernel-ksft", "bmake"}
    skipped = [m for m, status in modes.items() if status != "ok"]
    if skipped:
        pytest.skip(f"portcheck modes skipped (tool not installed): {', '.join(skipped)}")


def test_a_case_needing_an_extension_fails_the_strict_mode(sandbox):
    """Without its own feature macro a case using MAP_ANONYMOUS does not build strict."""
    sandbox.add_case("mmap/zz-anon", "int main(void) { mc_begin(); mc_observe(\"flag\", \"%d\","
                     " MAP_ANONYMOUS); return mc_finish(); }")
    strict = "-std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra"
    assert sandbox.run("build", "--werror", "mmap/zz-anon").returncode == 0
    proc = sandbox.run("build", "--werror", "--cflags", strict, "mmap/zz-anon")
    assert proc.returncode == 1 and "MAP_ANONYMOUS" in proc.stderr


def test_musl_builds_give_the_same_verdicts(glibc_verdicts, tmp_path):
    if not shutil.which("musl-gcc"):
        pytest.skip("musl-gcc is not installed (Debian: musl-tools)")
    musl = static_toolchain(Toolchain())  # the build make portcheck makes, and the kernel targets use
    got, summary, _ = verdicts(musl.build_dir, musl.cc, tmp_path, "--cflags", musl.cflags)
    assert summary["platform"]["libc"] == "musl"
    assert summary["platform"]["id"].endswith("-musl")
    # Where a C library itself deviates, expected/ says so with a libc: bound; those cases differ.
    musl_deviations = {cid for cid, e in expected.load_expected(summary["platform"], set(got)).items()
                       if e.libc == "musl"}
    glibc_deviations = {cid for cid, e in expected.load_expected(dict(summary["platform"], libc="glibc"),
                                                                 set(got)).items() if e.libc == "glibc"}
    libc_bound = musl_deviations | glibc_deviations
    assert {cid: v for cid, v in got.items() if cid not in libc_bound} == \
           {cid: v for cid, v in glibc_verdicts.items() if cid not in libc_bound}
    assert all(got[cid] == "xfail" for cid in musl_deviations)
    assert all(glibc_verdicts[cid] == "xfail" for cid in glibc_deviations)


@pytest.fixture(scope="module")
def kernel_ksft_dir():
    """The kernel's own kselftest.h, from Debian's linux-source-6.1 (extracted once)."""
    if not KERNEL_SOURCE.exists():
        pytest.skip(f"{KERNEL_SOURCE} is missing (Debian: linux-source-6.1)")
    dest = ROOT / "build" / "kernel-ksft-6.1"
    if not (dest / "kselftest.h").exists():
        dest.mkdir(parents=True, exist_ok=True)
        with tarfile.open(KERNEL_SOURCE) as tar:
            member = tar.getmember(KSELFTEST_MEMBER)
            (dest / "kselftest.h").write_bytes(tar.extractfile(member).read())
    return dest


def test_the_kernels_kselftest_h_gives_the_same_verdicts(kernel_ksft_dir, glibc_verdicts, tmp_path):
    build_dir = ROOT / "build" / "port-kernel-ksft"
    got, _, proc = verdicts(build_dir, "gcc", tmp_path, "--ksft-dir", str(kernel_ksft_dir), *PORTCHECK_FLAGS)
    assert got == glibc_verdicts
    ktap = (tmp_path / "reports-port-kernel-ksft").glob("*/ktap/mmap/len-zero-einval.ktap")
    assert next(ktap).read_text().startswith("TAP version 13")  # really the kernel's header


@pytest.mark.parametrize("make", ["make", "bmake"])
def test_both_makes_drive_the_build(make):
    if not shutil.which(make):
        pytest.skip(f"{make} is not installed")
    proc = subprocess.run([make, "-C", str(ROOT), "all", f"PYTHON={sys.executable}"],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "built " in proc.stdout


def test_pytest_selects_by_name_and_by_tag():
    def pytest_run(*args):
        return subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q",
                               "runner.py", *args], cwd=ROOT, capture_output=True, text=True,
                              timeout=600)
    by_name = pytest_run("-k", "len-zero-einval")
    named = [c.id for c in cases.collect() if "len-zero-einval" in c.id]
    assert by_name.returncode == 0 and f"{len(named)} passed" in by_name.stdout
    signal_cases = [c.id for c in cases.collect() if "signal" in c.tags]
    by_tag = pytest_run("-m", "signal")
    assert f"{len(signal_cases)} passed" in by_tag.stdout or "skipped" in by_tag.stdout
    assert f"{len(cases.collect()) - len(signal_cases)} deselected" in by_tag.stdout


def test_pytest_failure_report_is_the_claim_not_a_traceback(sandbox):
    shutil.copy(ROOT / "conftest.py", sandbox.root)
    sandbox.add_case("mprotect/zz-fails", "int main(void) { mc_begin(); mc_observe(\"errno\", \"0\");"
                     " mc_check(0, \"store went through\"); return mc_finish(); }")
    proc = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "runner.py",
                           "-k", "zz-fails"], cwd=sandbox.root, capture_output=True, text=True,
                          timeout=600)
    assert proc.returncode == 1
    assert "claim:    mprotect/zz-fails is a test fixture that holds." in proc.stdout
    assert "observed: errno=0" in proc.stdout
    assert "check failed: store went through" in proc.stdout
    assert "Traceback" not in proc.stdout and "raise CaseVerdict" not in proc.stdout


def test_werror_fails_a_case_that_warns_even_when_already_built(sandbox):
    sandbox.add_case("mmap/zz-warns", "int main(void) { int unused; mc_begin(); return mc_finish(); }")
    assert sandbox.run("build", "mmap/zz-warns").returncode == 0  # a warning alone builds
    proc = sandbox.run("build", "--werror", "mmap/zz-warns")
    assert proc.returncode == 1
    assert "mmap/zz-warns: warnings (--werror):" in proc.stderr and "unused" in proc.stderr
    assert "1 with warnings" in proc.stdout
    assert sandbox.run("build", "mmap/zz-warns").returncode == 0  # without --werror still a build
    sandbox.add_case("mmap/zz-warns", "int main(void) { mc_begin(); return mc_finish(); }")
    assert sandbox.run("build", "--werror", "mmap/zz-warns").returncode == 0  # mended: its warnings go


def test_a_build_directory_that_cannot_be_written_is_one_line(sandbox, tmp_path):
    """Another user's build/ (here a file stands where a case's directory
    must go, which fails for root too): one line naming it, exit 2."""
    build_dir = tmp_path / "theirs"
    build_dir.mkdir()
    (build_dir / "mmap").write_text("not a directory\n")
    proc = sandbox.run("run", "--build-dir", str(build_dir), "mmap/len-zero-einval")
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.startswith(f"runner.py: cannot build into {build_dir}: ") and "Traceback" not in proc.stderr
    assert len(proc.stderr.splitlines()) == 1, proc.stderr

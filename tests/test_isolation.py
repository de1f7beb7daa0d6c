"""Isolation and cleanup: a full run leaves nothing behind and changes no
system setting; the suite gives the same verdicts as root and as nobody; no
case synchronises by sleeping; the stability check finds flips when there are
some and none in the suite."""

import json
import os
import pwd
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

import runner

SYSCTLS = ["vm/overcommit_memory", "vm/overcommit_ratio", "vm/nr_hugepages", "vm/max_map_count",
           "kernel/shmmax", "kernel/shmall", "vm/stat_interval"]


def snapshot():
    def lines(path):
        try:
            return set(Path(path).read_text().splitlines()[1:])
        except OSError:
            return set()

    sysctl = {}
    for name in SYSCTLS:
        try:
            sysctl[name] = Path("/proc/sys", name).read_text()
        except OSError:
            pass
    build = str(runner.ROOT / "build")
    procs = set()
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            exe = os.readlink(f"/proc/{pid}/exe")
        except OSError:
            continue
        if exe.startswith(build):
            procs.add((pid, exe))
    return {
        "tmp": set(os.listdir(tempfile.gettempdir())),
        "shm": set(os.listdir("/dev/shm")) if os.path.isdir("/dev/shm") else set(),
        "sysv": lines("/proc/sysvipc/shm") | lines("/proc/sysvipc/sem") | lines("/proc/sysvipc/msg"),
        "sysctl": sysctl,
        "case processes": procs,
        "rlimits": Path("/proc/self/limits").read_text(),
    }


def test_a_full_run_leaves_nothing_behind_and_changes_no_setting(tmp_path):
    before = snapshot()
    proc = subprocess.run([sys.executable, str(runner.ROOT / "runner.py"), "run",
                           "--reports", str(tmp_path / "reports")], capture_output=True, text=True,
                          timeout=600)
    assert proc.returncode == 0, proc.stdout[-2000:]
    after = snapshot()
    for key in before:
        assert after[key] == before[key], f"{key} changed: {before[key]!r} -> {after[key]!r}"


def test_the_snapshot_sees_what_a_careless_case_leaves(sandbox):
    sandbox.add_case("mmap/zz-careless", "int main(void) { mc_begin();\n"
                     "  close(open(\"/dev/shm/mmapcheck-zz-careless\", O_CREAT | O_RDWR, 0600));\n"
                     "  if (fork() == 0) { pause(); _exit(0); }\n"
                     "  return mc_finish(); }")
    before = snapshot()
    try:
        proc = sandbox.run("run", "mmap/zz-careless")
        after = snapshot()
    finally:
        Path("/dev/shm/mmapcheck-zz-careless").unlink(missing_ok=True)
    assert after["shm"] - before["shm"] == {"mmapcheck-zz-careless"}
    # The runner itself catches the child the case left running, and kills it.
    assert "left processes running after it exited; killed them" in proc.stdout


def test_no_case_synchronises_by_sleeping():
    sleepers = [c.id for c in runner.collect()
                if re.search(r"\b(sleep|usleep|nanosleep|clock_nanosleep)\s*\(", c.path.read_text())]
    assert sleepers == []


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("setpriv"),
                    reason="needs root and setpriv to run the suite as nobody too")
def test_the_suite_gives_the_same_verdicts_as_nobody_and_as_root():
    nobody = pwd.getpwnam("nobody")
    work = Path(tempfile.mkdtemp(prefix="mmapcheck-nobody-", dir="/tmp"))
    try:
        for d in ("harness", "cases", "expected"):
            shutil.copytree(runner.ROOT / d, work / d)
        shutil.copy(runner.ROOT / "runner.py", work)
        for path in [work, *work.rglob("*")]:
            os.chown(path, nobody.pw_uid, nobody.pw_gid)
        verdicts = {}
        for who, prefix in (("root", []), ("nobody", ["setpriv", f"--reuid={nobody.pw_uid}",
                                                      f"--regid={nobody.pw_gid}", "--clear-groups"])):
            reports = work / f"reports-{who}"
            proc = subprocess.run(prefix + [sys.executable, str(work / "runner.py"), "run",
                                            "--build-dir", str(work / f"build-{who}"),
                                            "--reports", str(reports)],
                                  cwd=work, capture_output=True, text=True, timeout=600,
                                  env=dict(os.environ, HOME=str(work)))
            assert proc.returncode == 0, f"as {who}:\n{proc.stdout[-3000:]}{proc.stderr}"
            summary = json.loads(next(reports.glob("*/summary.json")).read_text())
            assert summary["platform"]["uid"] == str(0 if who == "root" else nobody.pw_uid)
            verdicts[who] = {c["id"]: c["verdict"] for c in summary["cases"]}
            if who == "root":  # nobody must be able to build and write there
                for path in [work, *work.rglob("*")]:
                    os.chown(path, nobody.pw_uid, nobody.pw_gid)
        assert verdicts["nobody"] == verdicts["root"]
    finally:
        shutil.rmtree(work, ignore_errors=True)


def load_stability():
    import importlib.util
    spec = importlib.util.spec_from_file_location("stability", runner.ROOT / "tests" / "stability.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_stability_reports_a_case_whose_observations_flip(sandbox, capsys):
    stability = load_stability()
    sandbox.add_case("mmap/zz-flaky", "int main(void) { unsigned char b = 0; int fd; mc_begin();\n"
                     "  fd = (int)SAFE(open(\"/dev/urandom\", O_RDONLY)); SAFE(read(fd, &b, 1));\n"
                     "  mc_observe(\"coin\", \"%d\", b & 1); return mc_finish(); }")
    case = next(c for c in runner.collect(sandbox.root / "cases") if c.id == "mmap/zz-flaky")
    tc = runner.Toolchain(build_dir=sandbox.root / "build")
    flips = stability.run_condition("test", [case], tc, 16)  # the coin lands the same 16 times: 2^-15
    assert flips == 1
    assert "mmap/zz-flaky:" in capsys.readouterr().out


def test_stability_under_load_finds_no_flips_in_a_short_run():
    proc = subprocess.run([sys.executable, str(runner.ROOT / "tests" / "stability.py"), "--runs", "2",
                           "--memory-fraction", "0.2", "--hog-seconds", "300"],
                          capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stdout
    assert proc.stdout.strip().endswith("flips: 0")
    assert "cpu load" in proc.stdout and "memory pressure" in proc.stdout


@pytest.mark.skipif(os.geteuid() != 0 or not Path("/proc/sys/vm/nr_hugepages").exists(),
                    reason="reserving huge pages needs root and Linux hugetlb")
def test_a_system_change_happens_only_by_opt_in_and_is_restored(sandbox):
    setting = Path("/proc/sys/vm/nr_hugepages")
    before = setting.read_text()
    plain = sandbox.run("run", "mmap/hugetlb-huge-page-aligned")
    assert setting.read_text() == before
    if before.strip() == "0":
        assert "SKIP   mmap/hugetlb-huge-page-aligned" in plain.stdout
        assert "--allow-system-changes reserves one" in plain.stdout
    opted = sandbox.run("run", "-v", "--allow-system-changes", "mmap/hugetlb-huge-page-aligned")
    assert setting.read_text() == before, "the case did not restore nr_hugepages"
    assert opted.returncode == 0, opted.stdout
    if before.strip() == "0":
        assert "changed /proc/sys/vm/nr_hugepages from 0 to 1" in opted.stdout
        assert ("PASS   mmap/hugetlb-huge-page-aligned" in opted.stdout
                or "the kernel could not reserve a huge page" in opted.stdout)

"""Isolation and cleanup: a full run leaves nothing behind and changes no
system setting; with fewer privileges (nobody, root without CAP_IPC_LOCK,
root of a user namespace) no case fails or errors that passes as root; no
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

import mmapcheck
from mmapcheck import build, cases, expected

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
    build = str(mmapcheck.ROOT / "build")
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
    proc = subprocess.run([sys.executable, str(mmapcheck.ROOT / "runner.py"), "run",
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
    sleepers = [c.id for c in cases.collect()
                if re.search(r"\b(sleep|usleep|nanosleep|clock_nanosleep)\s*\(", c.path.read_text())]
    assert sleepers == []


NOBODY = pwd.getpwnam("nobody")
# How a user without root's privileges runs the suite: as nobody; as root
# without CAP_IPC_LOCK under a small memlock limit (a hardened service); as
# root of a user namespace (a rootless container), whose capabilities the
# kernel does not honour outside it.
RESTRICTED = {
    "nobody": ["setpriv", f"--reuid={NOBODY.pw_uid}", f"--regid={NOBODY.pw_gid}", "--clear-groups"],
    "root without CAP_IPC_LOCK": ["prlimit", "--memlock=65536:65536", "setpriv", "--inh-caps=-ipc_lock",
                                  "--bounding-set=-ipc_lock"],
    "root in a user namespace": ["unshare", "-Ur"],
}


def run_as(work, who, prefix):
    reports = work / f"reports-{who.replace(' ', '-')}"
    reports.mkdir()
    os.chown(reports, NOBODY.pw_uid if who == "nobody" else 0, -1)
    proc = subprocess.run(prefix + [sys.executable, str(work / "runner.py"), "run", "--build-dir",
                                    str(work / "build"), "--reports", str(reports)],
                          cwd=work, capture_output=True, text=True, timeout=600, env=dict(os.environ, HOME=str(work)))
    summary = json.loads(next(reports.glob("*/summary.json")).read_text())
    return proc, summary, {c["id"]: c["verdict"] for c in summary["cases"]}


@pytest.fixture(scope="module")
def root_run():
    """The suite as root, in a world-readable copy of the repository that every mode shares."""
    work = Path(tempfile.mkdtemp(prefix="mmapcheck-privileges-", dir="/tmp"))
    work.chmod(0o755)
    try:
        for d in ("harness", "cases", "expected", "mmapcheck"):
            shutil.copytree(mmapcheck.ROOT / d, work / d, ignore=shutil.ignore_patterns("__pycache__"))
        shutil.copy(mmapcheck.ROOT / "runner.py", work)
        proc, summary, verdicts = run_as(work, "root", [])
        assert proc.returncode == 0, f"as root:\n{proc.stdout[-3000:]}{proc.stderr}"
        yield work, verdicts
    finally:
        shutil.rmtree(work, ignore_errors=True)


@pytest.mark.skipif(os.geteuid() != 0 or not all(shutil.which(c) for c in ("setpriv", "prlimit", "unshare")),
                    reason="needs root, setpriv, prlimit and unshare to run the suite with fewer privileges")
@pytest.mark.parametrize("who", RESTRICTED)
def test_with_fewer_privileges_no_case_fails_or_errors_that_passes_as_root(root_run, who):
    work, root_verdicts = root_run
    proc, summary, verdicts = run_as(work, who, RESTRICTED[who])
    assert summary["platform"]["uid"] == str(NOBODY.pw_uid if who == "nobody" else 0)
    assert verdicts.keys() == root_verdicts.keys()
    worse = {cid: f"{root_verdicts[cid]} as root, {v} {who}" for cid, v in verdicts.items()
             if v in expected.BAD_VERDICTS and root_verdicts[cid] != v}
    assert worse == {}, proc.stdout[-3000:]
    # Fewer privileges may keep a case from setting up what its claim needs (a
    # skip, with its reason), nothing else.
    changed = {cid: (root_verdicts[cid], v) for cid, v in verdicts.items() if v != root_verdicts[cid]}
    assert set(changed.values()) <= {("pass", "skip"), ("xfail", "skip")}, changed


def load_stability():
    import importlib.util
    spec = importlib.util.spec_from_file_location("stability", mmapcheck.ROOT / "tests" / "stability.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_stability_reports_a_case_whose_observations_flip(sandbox, capsys):
    stability = load_stability()
    sandbox.add_case("mmap/zz-flaky", "int main(void) { unsigned char b = 0; int fd; mc_begin();\n"
                     "  fd = (int)SAFE(open(\"/dev/urandom\", O_RDONLY)); SAFE(read(fd, &b, 1));\n"
                     "  mc_observe(\"coin\", \"%d\", b & 1); return mc_finish(); }")
    case = next(c for c in cases.collect(sandbox.root / "cases") if c.id == "mmap/zz-flaky")
    tc = build.Toolchain(build_dir=sandbox.root / "build")
    flips = stability.run_condition("test", [case], tc, 16)  # the coin lands the same 16 times: 2^-15
    assert flips == 1
    assert "mmap/zz-flaky:" in capsys.readouterr().out


def test_stability_under_load_finds_no_flips_in_a_short_run():
    proc = subprocess.run([sys.executable, str(mmapcheck.ROOT / "tests" / "stability.py"), "--runs", "2",
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

"""Isolation and cleanup: a full run leaves nothing behind and changes no
system setting; with fewer privileges (nobody, root without CAP_IPC_LOCK,
root of a user namespace) no case fails or errors that passes as root; no
case synchronises by sleeping; the stability check finds flips when there are
some and none in the suite."""

import json
import os
import re
import shutil
import subprocess
import sys
import signal
import uuid
from pathlib import Path

import pytest

import mmapcheck
from mmapcheck import build, cases, expected
from conftest import NOBODY, run_as

SYSCTLS = ["vm/overcommit_memory", "vm/overcommit_ratio", "vm/nr_hugepages", "vm/max_map_count",
           "kernel/shmmax", "kernel/shmall", "vm/stat_interval"]

# Leftovers are attributed to the run that made them, never found by diffing
# the machine's global state (other programs make and remove files in /tmp
# all the time): the run gets a /tmp, a /dev/shm and a SysV IPC namespace of
# its own (unshare: a mount and an IPC namespace), so whatever is in them
# afterwards is the run's; and its processes carry a token in their
# environment, so a process that has it afterwards is the run's.
# The checkout itself may be under /tmp (a CI clone in /tmp/x): it is opened
# before /tmp is covered and bound again at its own path in the run's /tmp,
# and that path's first component is not counted as a leftover.
IN_OWN_WORLD = r"""
import json, os, subprocess, sys
private_tmp, checkout, argv = sys.argv[1], sys.argv[2], sys.argv[3:]
inside = os.path.relpath(checkout, "/tmp")
keep = None if inside.startswith("..") else os.open(checkout, os.O_PATH | os.O_DIRECTORY)
subprocess.run(["mount", "--bind", private_tmp, "/tmp"], check=True)
subprocess.run(["mount", "-t", "tmpfs", "-o", "mode=1777", "mmapcheck-isolation", "/dev/shm"], check=True)
ours = set()
if keep is not None:
    os.makedirs(os.path.join("/tmp", inside))
    subprocess.run(["mount", "--no-canonicalize", "--bind", f"/proc/{os.getpid()}/fd/{keep}",
                    os.path.join("/tmp", inside)],
                   check=True, pass_fds=(keep,))
    ours.add(inside.split(os.sep)[0])
proc = subprocess.run(argv, capture_output=True, text=True, env=dict(os.environ, TMPDIR="/tmp"))
sysv = []
for kind in ("shm", "sem", "msg"):
    with open("/proc/sysvipc/" + kind) as f:
        sysv += [kind + ": " + " ".join(line.split()) for line in f.readlines()[1:]]
json.dump({"returncode": proc.returncode, "stdout": proc.stdout, "stderr": proc.stderr,
           "tmp": sorted(set(os.listdir("/tmp")) - {"reports"} - ours), "shm": sorted(os.listdir("/dev/shm")),
           "sysv": sysv}, sys.stdout)
"""
TOKEN = "MMAPCHECK_ISOLATION_RUN"


def unshare_argv():
    # As root of a user namespace where the test is not root: it may mount there.
    return ["unshare", "--mount", "--ipc", "--propagation", "private"] + (
        ["--map-root-user"] if os.geteuid() != 0 else [])


@pytest.fixture(scope="module")
def own_world():
    if not shutil.which("unshare"):
        pytest.skip("needs unshare (util-linux) for a /tmp, /dev/shm and SysV IPC of the run's own")
    probe = subprocess.run(unshare_argv() + ["mount", "-t", "tmpfs", "probe", "/dev/shm"],
                           capture_output=True, text=True)
    if probe.returncode != 0:
        pytest.skip(f"cannot give the run a mount and IPC namespace: {probe.stderr.strip()}")


def processes_with(token):
    """The live processes whose environment holds token; a zombie or a process
    with SIGKILL pending (the runner killed it; it is exiting) is no longer one."""
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            environ = Path(f"/proc/{pid}/environ").read_bytes()
            status = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines()
                          if ":" in line)
        except OSError:
            continue
        pending = int(status.get("SigPnd", "0"), 16) | int(status.get("ShdPnd", "0"), 16)
        if token.encode() in environ.split(b"\0") and not pending & (1 << (signal.SIGKILL - 1)):
            found.append(int(pid))
    return found


def sysctls():
    values = {}
    for name in SYSCTLS:
        try:
            values[name] = Path("/proc/sys", name).read_text()
        except OSError:
            pass
    return values


def run_attributed(runner_argv, work, cwd=None):
    """Runs runner_argv (a runner.py command line) in a world of its own.
    Returns what it printed and what it left behind."""
    private_tmp = work / "private-tmp"
    private_tmp.mkdir(mode=0o1777)
    private_tmp.chmod(0o1777)
    token = f"{TOKEN}={uuid.uuid4()}"
    argv = runner_argv + ["--reports", "/tmp/reports"]
    proc = subprocess.run(unshare_argv() + [sys.executable, "-c", IN_OWN_WORLD, str(private_tmp),
                                            str(mmapcheck.ROOT)] + argv,
                          cwd=cwd, capture_output=True, text=True,
                          env=dict(os.environ, **dict([token.split("=", 1)])))
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    result["processes"] = processes_with(token)
    return result


def test_a_full_run_leaves_nothing_behind_and_changes_no_setting(tmp_path, own_world):
    settings, limits = sysctls(), Path("/proc/self/limits").read_text()
    run = run_attributed([sys.executable, str(mmapcheck.ROOT / "runner.py"), "run"], tmp_path)
    assert run["returncode"] == 0, run["stdout"][-2000:] + run["stderr"]
    for what in ("tmp", "shm", "sysv", "processes"):
        assert run[what] == [], f"the run left in {what}: {run[what]}"
    # Settings are the machine's: no run of its own to attribute them to.  No
    # case changes one without the opt-in, so a difference here is a finding
    # (or another program changing a setting exactly during this run).
    assert sysctls() == settings
    assert Path("/proc/self/limits").read_text() == limits


def test_the_attribution_sees_what_a_careless_case_leaves(sandbox_outside_tmp, own_world, tmp_path):
    sandbox = sandbox_outside_tmp
    sandbox.add_case("mmap/zz-careless", "#include <sys/ipc.h>\n#include <sys/shm.h>\n"
                     "int main(void) { mc_begin();\n"
                     "  close(open(\"/tmp/mmapcheck-zz-careless\", O_CREAT | O_RDWR, 0600));\n"
                     "  close(open(\"/dev/shm/mmapcheck-zz-careless\", O_CREAT | O_RDWR, 0600));\n"
                     "  SAFE(shmget(IPC_PRIVATE, mc_page_size(), IPC_CREAT | 0600));\n"
                     "  if (fork() == 0) { pause(); _exit(0); }\n"
                     "  int left[2]; char c; SAFE(pipe(left));  /* EOF: the child has left the case's group */\n"
                     "  if (fork() == 0) { setsid(); close(left[0]); close(left[1]); pause(); _exit(0); }\n"
                     "  close(left[1]); SAFE(read(left[0], &c, 1));\n"
                     "  return mc_finish(); }")
    run = run_attributed([sys.executable, str(sandbox.root / "runner.py"), "run", "mmap/zz-careless"], tmp_path)
    for pid in run["processes"]:
        os.kill(pid, signal.SIGKILL)
    assert run["tmp"] == ["mmapcheck-zz-careless"]
    assert run["shm"] == ["mmapcheck-zz-careless"]
    assert len(run["sysv"]) == 1 and run["sysv"][0].startswith("shm: ")
    # The runner kills the child left in the case's process group and says so;
    # the one that left the group is found by its token.
    assert "left processes running after it exited; killed them" in run["stdout"]
    assert len(run["processes"]) == 1


def test_no_case_synchronises_by_sleeping():
    sleepers = [c.id for c in cases.collect()
                if re.search(r"\b(sleep|usleep|nanosleep|clock_nanosleep)\s*\(", c.path.read_text())]
    assert sleepers == []


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
                          capture_output=True, text=True)
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

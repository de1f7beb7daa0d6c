"""Surroundings: facts about the run that the cases must detect, not fail on.

The whole suite runs as root (the baseline shared by this module), then under
each surrounding: core dumps on, an identity-mapped user namespace, hard
limits as nobody, and (the msync cases, a few times) beside a sync loop.  As
with fewer privileges (test_isolation.py), whose mechanism this reuses, a pass
may become a skip whose reason names the surrounding, never a fail or an
error.  Then the fixes' own checks, each on the few cases it concerns: no core
file from a probe child, lock privilege decided by the kernel, an inherited
hard limit or a small memlock limit, shared memory names taken by another
user."""

import json
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

import mmapcheck
from conftest import NOBODY, run_as

AS_ROOT = os.geteuid() == 0
HAVE_UTILS = all(shutil.which(c) for c in ("setpriv", "prlimit", "unshare"))
needs_root = pytest.mark.skipif(not AS_ROOT or not HAVE_UTILS,
                                reason="needs root, setpriv, prlimit and unshare to set up the surroundings")

# Runs its arguments as root of a new user namespace whose uid and gid maps
# have the initial namespace's shape (0 0 4294967295).  unshare(1) cannot
# write such a map (util-linux 2.38 goes through newuidmap), so a helper
# outside the namespace writes it.  Python 3.11 has no os.unshare().
IDENTITY_NS = r"""
import ctypes, os, sys
ready_r, ready_w = os.pipe()
helper = os.fork()
if helper == 0:
    os.read(ready_r, 1)
    for name in ("uid_map", "gid_map"):
        with open(f"/proc/{os.getppid()}/{name}", "w") as f:
            f.write("0 0 4294967295\n")
    os._exit(0)
libc = ctypes.CDLL(None, use_errno=True)
if libc.unshare(0x10000000) != 0:  # CLONE_NEWUSER
    sys.exit("unshare(CLONE_NEWUSER): " + os.strerror(ctypes.get_errno()))
os.write(ready_w, b"x")
if os.waitpid(helper, 0)[1] != 0:
    sys.exit("could not write the identity uid_map and gid_map")
os.execvp(sys.argv[1], sys.argv[1:])
"""
IDENTITY_NS_PREFIX = [sys.executable, "-c", IDENTITY_NS]

# Hard limits inherited by nobody (ulimit -Hl 4 -Hv 400000 -Hd 100000): below
# what some cases set, and leaving no room for their controls.
HARD_LIMITS = ["--memlock=4096:4096", "--as=409600000:409600000", "--data=102400000:102400000"]
AS_NOBODY = ["setpriv", f"--reuid={NOBODY.pw_uid}", f"--regid={NOBODY.pw_gid}", "--clear-groups"]

# Each surrounding: the command it runs the suite under, the user the runner
# must find itself to be, and what a new skip's reason names (None: no case
# may skip that passes in the baseline).
SURROUNDINGS = {
    "core dumps on": (["prlimit", "--core=unlimited"], 0, None),
    "identity-mapped user namespace": (IDENTITY_NS_PREFIX, 0, r"CAP_|RLIMIT_MEMLOCK|privilege|namespace"),
    # nobody under HARD_LIMITS (run_as() knows this user by the name "nobody")
    "nobody": (["prlimit", *HARD_LIMITS, *AS_NOBODY], NOBODY.pw_uid,
               r"RLIMIT_|privilege|CAP_|root|nobody|permission|EPERM|EACCES"),
}


def new_skips_and_worse(baseline, summary, reason_words):
    """What changed from the baseline that a surrounding may not change: any
    verdict other than a skip, and a skip whose reason does not name it."""
    wrong = {}
    for case in summary["cases"]:
        before, now, reason = baseline[case["id"]], case["verdict"], case.get("reason") or ""
        if now == before:
            continue
        if (before, now) in {("pass", "skip"), ("xfail", "skip")} and reason_words and re.search(reason_words, reason):
            continue
        wrong[case["id"]] = f"{before} -> {now}: {reason}"
    return wrong


@needs_root
@pytest.mark.parametrize("who", SURROUNDINGS)
def test_in_these_surroundings_a_pass_may_become_a_skip_that_names_them_never_a_fail(root_run, who):
    work, baseline = root_run
    prefix, uid, reason_words = SURROUNDINGS[who]
    proc, summary, verdicts = run_as(work, who, prefix)
    assert summary["platform"]["uid"] == str(uid)
    assert verdicts.keys() == baseline.keys()
    assert new_skips_and_worse(baseline, summary, reason_words) == {}, proc.stdout[-3000:]


@needs_root
def test_beside_a_sync_loop_the_msync_cases_keep_their_verdicts(root_run, tmp_path):
    """Another process writing back every dirty page all the time (sync(1) in
    a loop) must not make an msync case fail or error: a case about msync's
    own writeback shows that msync acted, not that the page became clean.  A
    case that cannot observe its claim while others write back may skip,
    saying so."""
    work, baseline = root_run
    loop = subprocess.Popen(["sh", "-c", "while :; do sync; done"], start_new_session=True)
    try:
        for attempt in range(3):
            reports = tmp_path / f"reports-{attempt}"
            proc = subprocess.run([sys.executable, str(work / "runner.py"), "run", "--build-dir", str(work / "build"),
                                   "--reports", str(reports), "msync/*"],
                                  cwd=work, capture_output=True, text=True, timeout=600)
            assert loop.poll() is None, "the sync loop stopped"
            summary = json.loads(next(reports.glob("*/summary.json")).read_text())
            assert {c["id"] for c in summary["cases"]} == {cid for cid in baseline if cid.startswith("msync/")}
            assert new_skips_and_worse(baseline, summary, r"write-back") == {}, proc.stdout[-3000:]
    finally:
        os.killpg(loop.pid, signal.SIGKILL)
        loop.wait()


# ---- the fixes, case by case ----

def runner(*args, prefix=(), timeout=600):
    """runner.py, under prefix; a run builds its cases first as this user
    (nobody could not write build/)."""
    if args[0] == "run" and prefix:
        built = runner("build", *(a for a in args[1:] if not a.startswith("-")))
        assert built.returncode == 0, built.stdout + built.stderr
    return subprocess.run([*prefix, sys.executable, str(mmapcheck.ROOT / "runner.py"), *args],
                          cwd=mmapcheck.ROOT, capture_output=True, text=True, timeout=timeout)


def verdict_lines(stdout):
    """{case id: (verdict, rest of the line)} from the runner's one line per case."""
    return {m[2]: (m[1].lower(), m[3]) for m in re.finditer(r"^([A-Z]+)\s+(\S+/\S+)\s*(.*)$", stdout, re.M)}


def with_core_limit(soft):
    """A preexec_fn: core dumps on, up to `soft` bytes (the user's ulimit -c)."""
    hard = resource.getrlimit(resource.RLIMIT_CORE)[1]
    return lambda: resource.setrlimit(resource.RLIMIT_CORE, (min(soft, hard), hard))


CORE_LIMIT_CASE = r"""
static int core_limit(void *arg)
{
	struct rlimit rl;

	(void)arg;
	SAFE(getrlimit(RLIMIT_CORE, &rl));
	return rl.rlim_cur == 0 ? 0 : 1;
}

int main(void)
{
	struct rlimit rl;

	mc_begin();
	SAFE(getrlimit(RLIMIT_CORE, &rl));
	mc_observe("case_core", "%s", rl.rlim_cur == 0 ? "0" : "on");
	mc_observe("probe_core", "%s", mc_probe(core_limit, NULL).value == 0 ? "0" : "on");
	return mc_finish();
}
"""


@pytest.mark.skipif(resource.getrlimit(resource.RLIMIT_CORE)[1] == 0,
                    reason="the hard RLIMIT_CORE is 0 here: core dumps cannot be turned on to test their absence")
def test_under_ulimit_c_unlimited_cases_and_probe_children_dump_no_core(sandbox):
    """Whatever core_pattern says (it is host-wide, and may pipe cores to a
    program), a process with a soft RLIMIT_CORE of 0 writes no core file: the
    runner starts the case so, and a probe child lowers it itself, so that the
    standalone binary leaves none either."""
    sandbox.add_case("mmap/zz-core-limit", CORE_LIMIT_CASE)
    built = sandbox.run("build", "mmap/zz-core-limit")
    assert built.returncode == 0, built.stdout + built.stderr
    proc = subprocess.run([sys.executable, str(sandbox.root / "runner.py"), "run", "-v", "mmap/zz-core-limit"],
                          cwd=sandbox.root, capture_output=True, text=True, timeout=120,
                          preexec_fn=with_core_limit(resource.RLIM_INFINITY))
    assert "observed: case_core=0" in proc.stdout and "observed: probe_core=0" in proc.stdout, proc.stdout
    alone = subprocess.run([str(sandbox.root / "build" / "mmap" / "zz-core-limit")], cwd=sandbox.root,
                           capture_output=True, text=True, timeout=120, preexec_fn=with_core_limit(resource.RLIM_INFINITY))
    assert "observed: case_core=on" in alone.stdout, "the user's core setting did not reach the case: a vacuous test"
    assert "observed: probe_core=0" in alone.stdout, alone.stdout


def core_file_observable():
    """Where core_pattern writes a plain file in the crashing process's
    directory: not piped to a program, not into another directory."""
    try:
        pattern = Path("/proc/sys/kernel/core_pattern").read_text().strip()
    except OSError:
        return False
    return bool(pattern) and not pattern.startswith("|") and "/" not in pattern


@pytest.mark.skipif(not core_file_observable() or resource.getrlimit(resource.RLIMIT_CORE)[1] == 0,
                    reason="core files cannot be observed here (core_pattern pipes them or writes them "
                           "elsewhere, or the hard RLIMIT_CORE is 0)")
def test_a_probe_child_that_faults_leaves_no_core_file(tmp_path):
    """The probe's child dies of SIGBUS with the default action; under ulimit
    -c unlimited it left a core file in the directory, which the runner
    reported as 'left files behind: core'."""
    built = runner("build", "shm/zero-length-object-access-sigbus")
    assert built.returncode == 0, built.stdout + built.stderr
    binary = mmapcheck.ROOT / "build" / "shm" / "zero-length-object-access-sigbus"
    proc = subprocess.run([str(binary)], cwd=tmp_path, capture_output=True, text=True, timeout=120,
                          env=dict(os.environ, TMPDIR=str(tmp_path)), preexec_fn=with_core_limit(resource.RLIM_INFINITY))
    assert "# observed: signal=SIGBUS" in proc.stdout, proc.stdout
    assert list(tmp_path.iterdir()) == []


@needs_root
def test_lock_privilege_is_the_kernels_not_the_shape_of_the_uid_map():
    """In a user namespace mapped like the initial one, root's CAP_IPC_LOCK is
    not the kernel's (capable() checks the initial namespace): the cases that
    accept ENOMEM only from an unprivileged process must know that."""
    ids = ["mlock/mlock-addr-len-overflow-einval", "mlock/mlock2-addr-len-overflow-einval"]
    proc = runner("run", *ids, prefix=IDENTITY_NS_PREFIX)
    seen = verdict_lines(proc.stdout)
    assert {cid: seen[cid][0] for cid in ids} == dict.fromkeys(ids, "pass"), proc.stdout
    assert all("over_finite_limit=yes" in seen[cid][1] for cid in ids), proc.stdout


@needs_root
@pytest.mark.parametrize("limit", ["--memlock=0:0", "--memlock=4096:4096"])
def test_a_hard_memlock_limit_below_the_one_a_case_sets_skips_it_as_nobody(limit):
    proc = runner("run", "-v", "mremap/locked-grow-over-memlock-eagain", prefix=["prlimit", limit, *AS_NOBODY])
    verdict, _ = verdict_lines(proc.stdout)["mremap/locked-grow-over-memlock-eagain"]
    assert verdict == "skip", proc.stdout
    assert "the hard RLIMIT_MEMLOCK" in proc.stdout and "may not raise it" in proc.stdout


@needs_root
@pytest.mark.parametrize("case_id, limit, named", [
    ("mmap/rlimit-as-exceeded-enomem", "--as=409600000:409600000", "RLIMIT_AS"),
    ("mmap/rlimit-data-exceeded-enomem", "--data=102400000:102400000", "RLIMIT_DATA"),
])
def test_an_inherited_limit_without_room_for_the_control_skips_it(case_id, limit, named):
    proc = runner("run", "-v", case_id, prefix=["prlimit", limit, *AS_NOBODY])
    verdict, _ = verdict_lines(proc.stdout)[case_id]
    assert verdict == "skip", proc.stdout
    assert f"the {named} inherited" in proc.stdout and "no room" in proc.stdout


@needs_root
@pytest.mark.parametrize("memlock_kib, verdict", [(12, "skip"), (16, "pass"), (24, "pass")])
def test_a_locked_mapping_grown_to_four_pages_needs_room_for_four(memlock_kib, verdict):
    """The case locks one page and grows it to four: four pages of room are
    enough (it skipped below eight, saying four), three are not."""
    pg = os.sysconf("SC_PAGE_SIZE")
    if pg != 4096:
        pytest.skip(f"the limits here are counted in 4 KiB pages; this machine's pages are {pg} bytes")
    case_id = "mremap/locked-mapping-stays-locked-when-grown"
    proc = runner("run", "-v", case_id, prefix=["prlimit", f"--memlock={memlock_kib * 1024}", "setpriv",
                                                "--inh-caps=-ipc_lock", "--bounding-set=-ipc_lock"])
    assert verdict_lines(proc.stdout)[case_id][0] == verdict, proc.stdout
    if verdict == "skip":
        assert "leaves less than four 4096-byte pages to lock" in proc.stdout


SHM_TAGS = ["zero", "shared", "rdonly", "unlink", "empty"]


# Run as a prefix in new PID and mount namespaces: a /dev/shm of their own
# (another test run beside this one takes no names here, nor sees these),
# where "another user" (nobody) holds every pid-made name, then the command.
TAKE_SHM_NAMES = r"""
import os, subprocess, sys
uid, gid, tags, command = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3].split(","), sys.argv[4:]
subprocess.run(["mount", "-t", "tmpfs", "-o", "mode=1777", "mmapcheck-test-shm", "/dev/shm"], check=True)
for tag in tags:
    for pid in range(1, 501):
        fd = os.open(f"/dev/shm/mmapcheck-shm-{tag}-{pid}", os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.fchown(fd, uid, gid)
        os.close(fd)
os.execvp(command[0], command)
"""


@needs_root
def test_shm_names_taken_by_another_user_do_not_stop_the_shm_cases():
    """Another user pre-creates the names the shm cases used to make from
    their pid.  In a new PID namespace the runner's pids (and its threads')
    are the first few, so the names for pids 1 to 500 cover every case."""
    built = runner("build", "shm/*")
    assert built.returncode == 0, built.stdout + built.stderr
    proc = runner("run", "shm/*", prefix=["unshare", "--pid", "--fork", "--mount", "--propagation", "private",
                                          sys.executable, "-c", TAKE_SHM_NAMES, str(NOBODY.pw_uid),
                                          str(NOBODY.pw_gid), ",".join(SHM_TAGS)])
    seen = verdict_lines(proc.stdout)
    # As without the taken names: each passes, or is a cited deviation of this C library (xfail).
    assert set(seen) == {f"shm/{c.stem}" for c in (mmapcheck.ROOT / "cases" / "shm").glob("*.c")}, \
        proc.stdout + proc.stderr
    assert {cid: v for cid, (v, _) in seen.items() if v not in ("pass", "xfail")} == {}, proc.stdout


SHM_TAKEN_SHIM = r"""
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/mman.h>

/* Tells the names tried; the first two new ones are "taken by another user". */
int shm_open(const char *name, int oflag, mode_t mode)
{
	static int (*real)(const char *, int, mode_t);
	static int taken = 2;

	if (!real)
		real = (int (*)(const char *, int, mode_t))dlsym(RTLD_NEXT, "shm_open");
	fprintf(stderr, "shm_open %s\n", name);
	if ((oflag & O_EXCL) && taken > 0) {
		taken--;
		errno = EEXIST;
		return -1;
	}
	return real(name, oflag, mode);
}
"""


@pytest.mark.skipif(not sys.platform.startswith("linux") or not shutil.which("cc"),
                    reason="needs cc and LD_PRELOAD (Linux) to make shm_open() see names taken")
def test_a_taken_shm_name_is_drawn_again(tmp_path):
    built = runner("build", "shm/ftruncate-pages-read-zero")
    assert built.returncode == 0, built.stdout + built.stderr
    (tmp_path / "shim.c").write_text(SHM_TAKEN_SHIM)
    subprocess.run(["cc", "-shared", "-fPIC", "-o", str(tmp_path / "shim.so"), str(tmp_path / "shim.c"), "-ldl"],
                   check=True, timeout=120)
    proc = subprocess.run([str(mmapcheck.ROOT / "build" / "shm" / "ftruncate-pages-read-zero")], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120,
                          env=dict(os.environ, TMPDIR=str(tmp_path), LD_PRELOAD=str(tmp_path / "shim.so")))
    names = re.findall(r"^shm_open (\S+)$", proc.stderr, re.M)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert len(names) == 3 and len(set(names)) == 3, names
    assert all(re.fullmatch(r"/mmapcheck-zero-[0-9a-f]{12}", n) for n in names), names
    assert proc.stdout.count("is taken by another process: drawing another name") == 2

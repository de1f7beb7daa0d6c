"""The process targets that run each case under an emulator or sandbox:
valgrind, gvisor (runsc do) and qemu-user.  Their command lines, the
qemu-user page-size check, the one-line 'needs: apt-get install' errors, and
short real runs on each target whose tools are installed."""

import os
import select
import shutil
import types
from pathlib import Path

import pytest

from mmapcheck import UsageError
from mmapcheck.build import Toolchain
from mmapcheck.cases import collect, select as select_cases
from mmapcheck.suite import Suite
from mmapcheck.targets import parse_target, platform_id
from mmapcheck.targets import qemu_user

ROOT = Path(__file__).resolve().parent.parent
TWO_CASES = ["mmap/len-zero-einval", "mmap/anon-reads-zero"]


def test_valgrind_runs_each_case_quietly_tracing_children_without_its_own_exit_code():
    cmd = parse_target("valgrind").wrap(["/b/mmap/x"])
    assert cmd[0] == "valgrind" and cmd[-1] == "/b/mmap/x"
    assert {"-q", "--trace-children=yes", "--vgdb=no"} <= set(cmd)
    assert not any(a.startswith("--error-exitcode") for a in cmd)


def test_gvisor_runs_each_case_in_its_own_sandbox_on_the_host_directory():
    cmd = parse_target("gvisor").wrap(["/b/mmap/x"])
    assert cmd[0] == "runsc" and cmd[-1] == "/b/mmap/x"
    do = cmd.index("do")
    assert {"--network=none", "--platform=ptrace"} <= set(cmd[:do])
    assert "--force-overlay=false" in cmd[do:]  # the case's cwd is its host directory


def test_gvisor_maps_a_signal_exit_back_to_the_signal():
    g = parse_target("gvisor")
    assert (g.exit_status(139), g.exit_status(4), g.exit_status(None)) == (-11, 4, None)


@pytest.mark.parametrize("spec, cmd, suffix", [
    ("qemu-user:x86_64", ["qemu-x86_64-static"], "qemu-user-x86_64"),
    ("qemu-user:aarch64", ["qemu-aarch64-static"], "qemu-user-aarch64"),
    ("qemu-user:aarch64:4096", ["qemu-aarch64-static"], "qemu-user-aarch64"),
    ("qemu-user:aarch64:16384", ["qemu-aarch64-static", "-p", "16384"], "qemu-user-aarch64-16k"),
    ("qemu-user:aarch64:65536", ["qemu-aarch64-static", "-p", "65536"], "qemu-user-aarch64-64k"),
    ("qemu-user:ppc64le:65536", ["qemu-ppc64le-static", "-p", "65536"], "qemu-user-ppc64le-64k"),
    ("qemu-user:sparc64", ["qemu-sparc64-static"], "qemu-user-sparc64"),
    ("qemu-user:sparc64:8192", ["qemu-sparc64-static"], "qemu-user-sparc64"),
])
def test_qemu_user_command_line_and_id(spec, cmd, suffix):
    t = parse_target(spec)
    assert t.wrap(["/b/mmap/x"]) == cmd + ["/b/mmap/x"]
    assert t.id_suffix == suffix
    plat = {"os": "Linux", "release": "6.1.0-40-amd64", "machine": "aarch64", "libc": "glibc-2.36",
            "tmpdir_fs": t.default_fs}
    assert platform_id(plat, t) == f"linux-6.1.0-40-amd64-{suffix}"


def test_gvisor_platform_id_names_gvisor_and_its_version_not_linux():
    g = parse_target("gvisor")
    g._version = "0.0~20221219.0"
    plat = {"os": "Linux", "release": "4.4.0", "machine": "x86_64", "libc": "glibc-2.36", "tmpdir_fs": "9p"}
    assert platform_id(plat, g) == "gvisor-4.4.0-x86_64-runsc-20221219.0"


def test_qemu_user_cross_builds_static_into_its_own_directory():
    tc = parse_target("qemu-user:sparc64").toolchain(Toolchain(cflags="-O2", build_dir=Path("/r/build")))
    assert (tc.cc, tc.cflags, tc.build_dir) == ("sparc64-linux-gnu-gcc", "-O2 -static",
                                                Path("/r/build/qemu-user-sparc64"))
    assert parse_target("qemu-user:x86_64").toolchain(Toolchain(cc="cc")).cc == "cc"


@pytest.mark.parametrize("spec, message", [
    ("qemu-user:aarch64:8192", "target qemu-user:aarch64:8192: page size '8192' is not one aarch64 "
                               "supports (4096, 16384, 65536)"),
    ("qemu-user:sparc64:4096", "target qemu-user:sparc64:4096: page size '4096' is not one sparc64 "
                               "supports (8192)"),
    ("qemu-user:ppc64le:64k", "target qemu-user:ppc64le:64k: page size '64k' is not one ppc64le "
                              "supports (4096, 65536)"),
    ("qemu-user:mips", "target qemu-user:mips: unknown architecture 'mips'; "
                       "known: x86_64, aarch64, ppc64le, sparc64, s390x, riscv64"),
])
def test_qemu_user_refuses_what_it_cannot_emulate_in_one_line(spec, message):
    with pytest.raises(UsageError) as e:
        parse_target(spec)
    assert str(e.value) == message


def test_check_names_exactly_the_missing_packages(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.setattr(qemu_user.os.path, "isfile", lambda path: False)
    t = parse_target("qemu-user:sparc64")
    with pytest.raises(UsageError) as e:
        t.check(t.toolchain(Toolchain()))
    assert str(e.value) == ("target qemu-user:sparc64 needs: apt-get install gcc-sparc64-linux-gnu "
                            "libc6-dev-sparc64-cross qemu-user-static")
    for spec, package in (("valgrind", "valgrind"), ("gvisor", "runsc")):
        with pytest.raises(UsageError) as e:
            parse_target(spec).check(Toolchain())
        assert str(e.value) == f"target {spec} needs: apt-get install {package}"


def test_check_names_only_what_is_missing(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None if name == "qemu-aarch64-static" else "/x")
    monkeypatch.setattr(qemu_user.os.path, "isfile", lambda path: True)
    t = parse_target("qemu-user:aarch64:65536")
    with pytest.raises(UsageError) as e:
        t.check(t.toolchain(Toolchain()))
    assert str(e.value) == "target qemu-user:aarch64:65536 needs: apt-get install qemu-user-static"


def test_valgrind_giving_up_is_named_as_the_cases_error():
    stderr = ("--27212:0: aspacem Valgrind: FATAL: VG_N_SEGMENTS is too low.\n"
              "--27212:0: aspacem   Increase it and rebuild.  Exiting now.\n")
    target = parse_target("valgrind")
    assert target.own_failure(stderr) == ("valgrind itself gave up: "
                                          "aspacem Valgrind: FATAL: VG_N_SEGMENTS is too low.")
    assert target.own_failure("==1== Invalid read of size 1\n") is None
    assert parse_target("native").own_failure(stderr) is None


def test_valgrind_refuses_a_static_build():
    with pytest.raises(UsageError, match="dynamically linked"):
        parse_target("valgrind").check(Toolchain(cflags="-O2 -static"))


@pytest.mark.parametrize("spec", ["qemu-user:aarch64:65536", "qemu-user:sparc64"])
def test_where_mincore_answers_for_smaller_pieces_than_the_page_residency_claims_skip(spec):
    """qemu-user emulating pages larger than its host's hands mincore() to the
    host, which writes a byte per 4 KiB: past a vector sized for the emulated
    pages (a heap overrun that once crashed these cases).  A claim observed
    through residency cannot be told there: it skips, saying why."""
    missing = installed(spec)
    if missing:
        pytest.skip(missing)
    suite = Suite(Toolchain(build_dir=ROOT / "build"), timeout=30, jobs=2, target=parse_target(spec))
    suite.run(select_cases(collect(), ["madvise/dontneed-private-anon-not-resident"]))
    [run] = suite.runs
    assert run.verdict == "skip" and "pieces smaller than the" in run.reason, run.reason


def installed(spec):
    t = parse_target(spec)
    try:
        t.check(t.toolchain(Toolchain(build_dir=ROOT / "build")))
    except UsageError as e:
        return str(e)
    return None


REAL_RUNS = [  # target, machine, page size
    ("valgrind", "x86_64", 4096),
    ("gvisor", "x86_64", 4096),
    ("qemu-user:x86_64", "x86_64", 4096),
    ("qemu-user:aarch64:65536", "aarch64", 65536),
    ("qemu-user:aarch64:16384", "aarch64", 16384),
    ("qemu-user:ppc64le:65536", "ppc64le", 65536),
    ("qemu-user:sparc64", "sparc64", 8192),
]


@pytest.mark.parametrize("spec, machine, page_size", REAL_RUNS)
def test_two_cases_pass_on_the_target_which_reports_its_own_machine_and_page_size(spec, machine, page_size):
    missing = installed(spec)
    if missing:
        pytest.skip(missing)
    target = parse_target(spec)
    suite = Suite(Toolchain(build_dir=ROOT / "build"), timeout=30, jobs=2, target=target)
    suite.run(select_cases(collect(), TWO_CASES))
    assert (suite.platform["machine"], suite.platform["page_size"]) == (machine, page_size)
    assert suite.platform["target_kind"] == target.kind
    assert {r.case.id: r.verdict for r in suite.runs} == {c: "pass" for c in TWO_CASES}
    if spec == "gvisor":
        assert suite.platform["release"] == "4.4.0" and suite.platform["id"].startswith("gvisor-")


def gvisor_session(tmp_path):
    if installed("gvisor"):
        pytest.skip(installed("gvisor"))
    return parse_target("gvisor").session(Toolchain(build_dir=tmp_path), 1, {}, 1)


def wait_for_exit(pid, timeout):
    try:
        fd = os.pidfd_open(pid)
    except ProcessLookupError:
        return
    try:
        select.select([fd], [], [], timeout)  # readable once the process has exited
    finally:
        os.close(fd)


def processes_mentioning(text):
    """Pids of live (not zombie) processes whose command line contains text."""
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if text in cmdline and state != "Z":
            found.append(int(pid))
    return found


def test_gvisor_timeout_ends_the_sandbox_and_leaves_nothing(tmp_path):
    (tmp_path / "x").mkdir()
    case = tmp_path / "x" / "hang"
    case.write_text("#!/bin/sh\necho started\nexec sleep 60\n")
    case.chmod(0o755)
    with gvisor_session(tmp_path) as session:
        run_root = session.run_root
        ex = session.run_one(types.SimpleNamespace(id="x/hang"))
        assert ex.problem.startswith("timed out after 1 s") and ex.stdout == "started\n"
        # the sandbox dies with runsc do (parent-death signal), an instant later
        for pid in processes_mentioning(str(run_root)):
            wait_for_exit(pid, 5)
        assert processes_mentioning(str(run_root)) == []
        assert not list(run_root.glob("*/*")), "files left in a lane's directory"
    assert not run_root.exists()


def test_gvisor_case_sees_its_host_directory_on_9p_and_a_signal_is_reported_as_such(tmp_path):
    (tmp_path / "x").mkdir()
    case = tmp_path / "x" / "probe"
    case.write_text('#!/bin/sh\npwd; echo "$TMPDIR"; grep " / " /proc/self/mounts; '
                    'echo left > leftover-file; kill -SEGV $$\n')
    case.chmod(0o755)
    with gvisor_session(tmp_path) as session:
        ex = session.run_one(types.SimpleNamespace(id="x/probe"))
    workdir = str(session.run_root / "lane-0")
    lines = ex.stdout.splitlines()
    assert lines[:2] == [workdir, workdir]
    assert lines[2].split()[2] == parse_target("gvisor").target_facts()["tmpdir_fs"] == "9p"
    assert ex.leftover == ["leftover-file"]
    assert ex.returncode == -11


def script_case(build_dir, cid, text):
    path = build_dir / cid
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\n" + text)
    path.chmod(0o755)
    return types.SimpleNamespace(id=cid)


@pytest.mark.parametrize("change,kept", [("", True), ("echo x > left", False), ("chmod 700 .", False),
                                         ("mkdir sub", False)])
def test_a_lane_gives_its_next_case_its_directory_only_as_it_was_made(tmp_path, change, kept):
    """Cases of a lane share one working directory while they leave it as made:
    a case that leaves a file or changes the directory's mode hands the next
    case a new, empty one (and is told what it left)."""
    first = script_case(tmp_path, "x/first", f"pwd; {change}\n")
    second = script_case(tmp_path, "x/second", "pwd; ls -A; stat -c %a .\n")
    with parse_target("native").session(Toolchain(build_dir=tmp_path), 10, {}, 1) as session:
        one, two = session.run_one(first), session.run_one(second)
    dir_one, dir_two = one.stdout.split()[0], two.stdout.split()[0]
    assert (dir_one == dir_two) == kept
    assert two.stdout.split()[1:] == [f"{0o777 & ~umask():o}"]  # empty, and as mkdir made it
    assert one.leftover == (["left"] if "left" in change else ["sub"] if "sub" in change else [])
    assert two.leftover == []


def umask():
    mask = os.umask(0)
    os.umask(mask)
    return mask


# A stand-in for runsc do: fails as runsc does when its sandbox's name is taken
# (exit 128, before the case begins) as many times as FAILS says, then runs the
# case; each start is counted in CALLS, outside the case's directory.
FAKE_RUNSC = """
n=$(( $(cat "$CALLS" 2>/dev/null || echo 0) + 1 )); echo $n > "$CALLS"
mkdir runsc-do123; : > runsc-do123/config.json
if [ "$n" -le "$FAILS" ]; then
    echo 'creating container: cannot create sandbox: cannot create sandbox process: creating control server' \\
         'socket for sandbox "runsc-543405": address already in use' >&2
    exit 128
fi
rm -r runsc-do123
exec "$@"
"""


def fake_runsc_session(tmp_path, monkeypatch, fails):
    (tmp_path / "x").mkdir()
    case = tmp_path / "x" / "case"
    case.write_text("#!/bin/sh\necho 'KTAP version 1'\necho 1..1\necho ok 1\n")
    case.chmod(0o755)
    (tmp_path / "runsc").write_text(FAKE_RUNSC)
    monkeypatch.setenv("CALLS", str(tmp_path / "calls"))
    monkeypatch.setenv("FAILS", str(fails))
    target = parse_target("gvisor")
    monkeypatch.setattr(target, "wrap", lambda argv: ["sh", str(tmp_path / "runsc"), *argv])
    return target.session(Toolchain(build_dir=tmp_path), 10, dict(os.environ), 1)


@pytest.mark.parametrize("fails", [1, 2])
def test_gvisor_starts_a_case_again_when_runsc_fails_before_it_begins(tmp_path, monkeypatch, fails):
    with fake_runsc_session(tmp_path, monkeypatch, fails) as session:
        ex = session.run_one(types.SimpleNamespace(id="x/case"))
    assert (tmp_path / "calls").read_text() == f"{fails + 1}\n"
    assert (ex.stdout, ex.returncode, ex.problem, ex.leftover) == ("KTAP version 1\n1..1\nok 1\n", 0, None, [])


def test_gvisor_names_runsc_when_it_never_starts_the_case(tmp_path, monkeypatch):
    with fake_runsc_session(tmp_path, monkeypatch, 99) as session:
        ex = session.run_one(types.SimpleNamespace(id="x/case"))
    assert (tmp_path / "calls").read_text() == "3\n"
    assert ex.problem == ("runsc could not start the sandbox: creating container: cannot create sandbox: cannot "
                          'create sandbox process: creating control server socket for sandbox "runsc-543405": '
                          "address already in use")


def test_gvisor_does_not_start_again_a_case_that_printed_and_exited_128(tmp_path, monkeypatch):
    with fake_runsc_session(tmp_path, monkeypatch, 0) as session:
        (tmp_path / "x" / "case").write_text("#!/bin/sh\necho 'KTAP version 1'\necho 'creating container: ' >&2\n"
                                             "exit 128\n")
        ex = session.run_one(types.SimpleNamespace(id="x/case"))
    assert (tmp_path / "calls").read_text() == "1\n" and ex.returncode == 128

"""The kernel targets' session (qemu, uml) without a kernel: a fake guest
prints a stream, stops half way, hangs or never starts, and the run reports
target problems and 'notrun', never a pass.  Then one real boot, when a
kernel is cached or can be fetched."""

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mmapcheck import ROOT
from mmapcheck.build import Toolchain
from mmapcheck.cases import collect, select
from mmapcheck.kernel_record import Kernel
from mmapcheck.suite import Suite
from mmapcheck.targets import guest

CASES = ["mmap/anon-reads-zero", "mmap/len-zero-einval"]


def stream(*blocks, done=True, plan=2):
    lines = ["KTAP version 1", "# mmapcheck-platform: os=Linux",
             "# mmapcheck-platform: release=6.1.0-99-amd64", "# mmapcheck-platform: machine=x86_64",
             "# mmapcheck-platform: page_size=4096", "# mmapcheck-platform: libc=musl",
             "# mmapcheck-platform: uid=0", f"1..{plan}"]
    for n, cid in enumerate(blocks, 1):
        lines += [f"# mmapcheck-case: {cid}", "    KTAP version 1", "    1..1", "    # errno=EINVAL",
                  f"    ok 1 {cid}", f"# mmapcheck-exit: {cid} status=0 time=0.02 leftover=", f"ok {n} {cid}"]
    if done:
        lines.append("# mmapcheck-done")
    return "\n".join(lines) + "\n"


class FakeGuest(guest.GuestTarget):
    """A 'guest' that is a shell script printing what the test says, on its
    stdout or, as qemu does, into the results file."""
    kind, id_suffix = "qemu", "fake"

    def __init__(self, script, channel="pipe"):
        super().__init__("kernel:fake")
        self.script = script
        if channel == "file":
            self.results_file = "ktap.txt"
            self.script = f"exec >{self.results_file}; {script}"

    def toolchain(self, tc):
        return tc

    def check(self, tc):
        pass

    def kernel(self):
        return Kernel("fake", "6.1.0-99-amd64", Path("/nonexistent/vmlinux"),
                      source="bookworm: linux-image-6.1.0-99-amd64 6.1.999-1 (linux-image-amd64 6.1.999-1)")

    def command(self, kernel, initramfs, disk, cmdline):
        assert initramfs.is_file()
        return ["sh", "-c", self.script]


@pytest.fixture(scope="module")
def tc(tmp_path_factory):
    return Toolchain(build_dir=tmp_path_factory.mktemp("build"))


@pytest.fixture(autouse=True)
def fake_busybox(tmp_path_factory, monkeypatch):
    busybox = tmp_path_factory.mktemp("bin") / "busybox"
    busybox.write_bytes(b"not really busybox")
    monkeypatch.setattr(guest, "BUSYBOX", busybox)


@pytest.fixture(params=["pipe", "file"])
def channel(request):
    return request.param


def run(tc, script, timeout=10, channel="pipe", cases=CASES):
    return Suite(tc, timeout, target=FakeGuest(script, channel)).run(select(collect(), cases))


def verdicts(suite):
    return {r.case.id: r.verdict for r in suite.runs}


def test_a_whole_stream_gives_each_case_its_verdict_and_the_guests_platform(tc, tmp_path, channel):
    (tmp_path / "s").write_text(stream(*CASES))
    suite = run(tc, channel=channel, script=f"cat {tmp_path / 's'}")
    assert verdicts(suite) == {c: "pass" for c in CASES}
    assert suite.target_problems == []
    assert suite.platform["release"] == "6.1.0-99-amd64" and suite.platform["libc"] == "musl"
    assert suite.platform["id"] == "linux-6.1.0-99-amd64-x86_64-musl-fake"


def test_a_guest_that_dies_half_way_leaves_the_rest_not_run(tc, tmp_path, channel):
    (tmp_path / "s").write_text(stream(CASES[0], done=False))
    (tmp_path / "console.txt").write_text("")
    suite = run(tc, channel=channel, script=f"cat {tmp_path / 's'}; echo 'Kernel panic - not syncing: fake' >&2")
    assert verdicts(suite) == {CASES[0]: "pass", CASES[1]: "notrun"}
    assert len(suite.target_problems) == 1
    problem = suite.target_problems[0]
    assert "ended before the done marker" in problem and "Kernel panic - not syncing: fake" in problem
    notrun = next(r for r in suite.runs if r.verdict == "notrun")
    assert notrun.reason.startswith("not run: the guest ended before the done marker")


def test_a_case_cut_off_by_the_guests_death_is_an_error_not_a_pass(tc, tmp_path, channel):
    text = stream(*CASES, done=False)
    (tmp_path / "s").write_text(text[:text.index(f"# mmapcheck-exit: {CASES[1]}")])
    suite = run(tc, channel=channel, script=f"cat {tmp_path / 's'}")
    assert verdicts(suite) == {CASES[0]: "pass", CASES[1]: "error"}
    assert suite.target_problems


def test_a_silent_guest_is_killed_as_hung(tc, tmp_path, monkeypatch, channel):
    monkeypatch.setattr(guest, "HANG_MARGIN_S", 0.5)
    (tmp_path / "s").write_text(stream(CASES[0], done=False))
    pidfile = tmp_path / "pid"
    start = time.monotonic()
    suite = run(tc, channel=channel, script=f"echo $$ > {pidfile}; cat {tmp_path / 's'}; exec sleep 60", timeout=0.5)
    assert time.monotonic() - start < 20
    assert verdicts(suite) == {CASES[0]: "pass", CASES[1]: "notrun"}
    assert "hung" in suite.target_problems[0]
    with pytest.raises(ProcessLookupError):
        os.kill(int(pidfile.read_text()), 0)


def test_a_guest_that_never_starts_reports_the_kernel_release_and_runs_nothing(tc, monkeypatch, channel):
    suite = run(tc, channel=channel, script="echo 'VFS: Unable to mount root fs' >&2; exit 0")
    assert set(verdicts(suite).values()) == {"notrun"}
    assert suite.platform["release"] == "6.1.0-99-amd64"
    assert (suite.platform["kernel_package"], suite.platform["kernel_package_version"]) == \
        ("linux-image-6.1.0-99-amd64", "6.1.999-1")
    assert "ended before it started the cases" in suite.target_problems[0]
    assert "Unable to mount root fs" in suite.target_problems[0]


def test_a_results_file_is_read_whole_though_the_reader_falls_behind(tc, tmp_path, monkeypatch):
    """The guest writes more than a pipe holds and exits before the reader
    reads anything: all of it still arrives (qemu's virtio console would
    have dropped what a full pipe refused)."""
    reading = guest.GuestSession.read

    def late(session, limit):
        session.proc.wait()
        return reading(session, limit)
    monkeypatch.setattr(guest.GuestSession, "read", late)
    text = stream(*CASES)
    padding = "".join(f"    # padding {n:06d} {'x' * 40}\n" for n in range(4000))  # 240 KB
    text = text.replace(f"    ok 1 {CASES[1]}\n", padding + f"    ok 1 {CASES[1]}\n")
    (tmp_path / "s").write_text(text)
    suite = run(tc, channel="file", script=f"cat {tmp_path / 's'}")
    assert verdicts(suite) == {c: "pass" for c in CASES}
    assert suite.target_problems == []


def test_a_guest_writing_without_end_is_stopped_at_the_results_limit(tc, monkeypatch):
    monkeypatch.setattr(guest, "OUTPUT_LIMIT", 1000)
    monkeypatch.setattr(guest, "STREAM_FRAMING_LIMIT", 1000)
    start = time.monotonic()
    suite = run(tc, channel="file", script="yes '    # more'")
    assert time.monotonic() - start < 30
    assert set(verdicts(suite).values()) == {"notrun"}
    assert any("wrote more than 7000 bytes of results" in p for p in suite.target_problems), suite.target_problems


def test_the_initramfs_is_a_newc_archive_cpio_can_list(tmp_path):
    if not shutil.which("cpio"):
        pytest.skip("cpio is not installed (apt-get install cpio)")
    path = tmp_path / "i.cpio"
    guest.write_initramfs(path, {"init": (0o755, b"#!/bin/sh\n"), "cases/mmap/x": (0o755, b"\x7fELF")})
    listing = subprocess.run(["cpio", "-t"], stdin=open(path, "rb"), capture_output=True, text=True)
    assert listing.stdout.split() == ["cases", "dev", "proc", "sys", "tmp", "cases/mmap",
                                      "cases/mmap/x", "init"] or \
        sorted(listing.stdout.split()) == sorted(["cases", "cases/mmap", "cases/mmap/x", "dev", "init",
                                                  "proc", "sys", "tmp"])


def kernel_available(spec):
    try:
        from mmapcheck.kernels import resolve
        resolve(spec)
        return True
    except Exception:
        return False


LIVE_KERNEL = "6.1-cloud"


@pytest.mark.skipif(not shutil.which("qemu-system-x86_64") or not shutil.which("musl-gcc"),
                    reason="needs qemu-system-x86 and musl-tools")
def test_interrupting_a_kernel_run_ends_qemu_and_leaves_no_files(tmp_path):
    if not kernel_available(LIVE_KERNEL):
        pytest.skip(f"kernel {LIVE_KERNEL} is neither cached nor fetchable here")
    env = dict(os.environ, TMPDIR=str(tmp_path))
    runner = subprocess.Popen([sys.executable, str(ROOT / "runner.py"), "run", "--target",
                               f"kernel:{LIVE_KERNEL}", "--reports", str(tmp_path / "reports")],
                              cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, start_new_session=True,
                              # as at a terminal, even if make test was started with SIGINT ignored
                              preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    for line in runner.stdout:  # the guest has started running cases
        if line.startswith(("PASS", "SKIP", "XFAIL")):
            break
    runner.send_signal(signal.SIGINT)
    out, err = runner.communicate(timeout=30)
    assert runner.returncode == 2 and "interrupted" in err
    qemu = subprocess.run(["pgrep", "-s", str(runner.pid)], capture_output=True, text=True).stdout
    assert qemu == "", "qemu outlived the interrupted run"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reports"]


@pytest.mark.skipif(not shutil.which("musl-gcc") or not guest.is_static_elf(guest.BUSYBOX),
                    reason="needs musl-tools and busybox-static")
def test_a_qemu_that_cannot_start_is_one_line_naming_it(tmp_path):
    """qemu's own failure (here a stand-in that refuses its options) is no
    guest's: one line with what qemu said, exit 2, no report, no traceback."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "qemu-system-x86_64").write_text(
        "#!/bin/sh\necho 'qemu-system-x86_64: -accel tcg,thread=multi: invalid accelerator' >&2\nexit 1\n")
    (bin_dir / "qemu-system-x86_64").chmod(0o755)
    vmlinux = tmp_path / "vmlinux"
    vmlinux.write_bytes(b"\x7fELF\x02\x01\x01" + bytes(57) + b"Linux version 9.9.9-test (x) #1\0")
    env = dict(os.environ, PATH=f"{bin_dir}:{os.environ['PATH']}", TMPDIR=str(tmp_path),
               MMAPCHECK_CACHE=str(tmp_path / "cache"))
    proc = subprocess.run([sys.executable, str(ROOT / "runner.py"), "run", "--build-dir", str(tmp_path / "build"),
                           "--target", f"kernel:{vmlinux}", CASES[1]], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    assert (proc.returncode, proc.stderr) == (
        2, "runner.py: qemu-system-x86_64 failed: qemu-system-x86_64: -accel tcg,thread=multi: "
           "invalid accelerator\n")
    assert not list(tmp_path.glob("mmapcheck-guest-*")), "the session's directory is left behind"


@pytest.mark.skipif(not shutil.which("musl-gcc") or not guest.is_static_elf(guest.BUSYBOX),
                    reason="needs musl-tools and busybox-static")
def test_a_mkfs_that_fails_is_one_line_naming_it(tmp_path):
    """--scratch ext4 makes the disk with mkfs.ext4 before the boot: its failure
    (a stand-in that says the disk is full) is one line with what it said, exit 2."""
    if not kernel_available(LIVE_KERNEL):
        pytest.skip(f"kernel {LIVE_KERNEL} is neither cached nor fetchable here")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "mkfs.ext4").write_text("#!/bin/sh\necho 'mkfs.ext4: No space left on device' >&2\nexit 1\n")
    (bin_dir / "mkfs.ext4").chmod(0o755)
    env = dict(os.environ, PATH=f"{bin_dir}:{os.environ['PATH']}", TMPDIR=str(tmp_path))
    proc = subprocess.run([sys.executable, str(ROOT / "runner.py"), "run", "--build-dir", str(tmp_path / "build"),
                           "--target", f"kernel:{LIVE_KERNEL}", "--scratch", "ext4", CASES[1]], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    assert (proc.returncode, proc.stderr) == (2, "runner.py: mkfs.ext4 failed: mkfs.ext4: No space left on device\n")
    assert not list(tmp_path.glob("mmapcheck-guest-*")), "the session's directory is left behind"

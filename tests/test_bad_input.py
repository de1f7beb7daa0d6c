"""Bad input to the runner: each is one clear line on stderr, exit status 2,
and no report presented as complete.  (Unknown case names, a non-positive
--timeout and malformed expected/ entries are in test_cli.py and
test_expected.py.)"""

import json
import signal
import subprocess
import sys
import time

import pytest


def error_line(proc):
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    return lines[0]


def test_an_unknown_tag_exits_2(sandbox):
    proc = sandbox.run("run", "--tag", "sparkly")
    assert proc.returncode == 2
    assert error_line(proc) == "runner.py: unknown tag 'sparkly' (see cases/TAGS)"


def test_a_known_tag_selects_its_cases(sandbox):
    proc = sandbox.run("run", "--tag", "msync")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    ran = [l.split()[1] for l in proc.stdout.splitlines() if l.startswith("PASS")]
    assert ran and all(r.startswith("msync/") for r in ran)


def test_an_unknown_target_exits_2(sandbox):
    proc = sandbox.run("run", "--target", "vax", "mmap/len-zero-einval")
    assert proc.returncode == 2
    assert error_line(proc) == ("runner.py: unknown target 'vax'; known: native, kernel:VERSION, kernel:/path/to/image, "
                                "uml, gvisor, qemu-user:ARCH[:PAGESIZE], valgrind")


def test_a_timeout_that_is_not_a_number_exits_2(sandbox):
    proc = sandbox.run("run", "--timeout", "soon", "mmap/len-zero-einval")
    assert proc.returncode == 2 and "invalid float value: 'soon'" in proc.stderr


def test_a_report_directory_that_is_not_writable_exits_2_before_running(sandbox, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    proc = sandbox.run("run", "--reports", str(blocker / "reports"), "mmap/len-zero-einval")
    assert proc.returncode == 2
    assert error_line(proc).startswith(f"runner.py: report directory {blocker / 'reports'} is not writable")
    assert "PASS" not in proc.stdout  # refused before running anything


def test_a_case_binary_that_is_not_executable_exits_2(sandbox):
    assert sandbox.run("build", "mmap/len-zero-einval").returncode == 0
    (sandbox.root / "build" / "mmap" / "len-zero-einval").chmod(0o644)
    proc = sandbox.run("run", "mmap/len-zero-einval")
    assert proc.returncode == 2
    assert error_line(proc) == (f"runner.py: case binary {sandbox.root}/build/mmap/len-zero-einval "
                                "is missing or not executable")


@pytest.mark.parametrize("inherited", [signal.SIG_DFL, signal.SIG_IGN],
                         ids=["sigint-default", "sigint-ignored-as-in-a-background-job"])
def test_ctrl_c_kills_running_cases_and_marks_the_report_incomplete(sandbox, tmp_path, inherited):
    pidfile = tmp_path / "hanging.pid"
    sandbox.add_case("mmap/zz-hangs", "int main(void) { FILE *f; mc_begin();\n"
                     f"  f = fopen(\"{pidfile}\", \"w\"); fprintf(f, \"%d\\n\", (int)getpid()); fclose(f);\n"
                     "  for (;;) pause(); }")
    assert sandbox.run("build", "mmap/zz-hangs", "mmap/len-zero-einval").returncode == 0
    reports = tmp_path / "reports"
    runner = subprocess.Popen([sys.executable, str(sandbox.root / "runner.py"), "run", "--jobs", "2",
                               "--timeout", "120", "--reports", str(reports), "mmap/zz-hangs", "mmap/len-zero-einval"],
                              cwd=sandbox.root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              preexec_fn=lambda: signal.signal(signal.SIGINT, inherited))
    deadline = time.monotonic() + 30
    while not (pidfile.exists() and pidfile.read_text().endswith("\n")):
        assert time.monotonic() < deadline and runner.poll() is None, "the hanging case never started"
        time.sleep(0.02)
    hanging = int(pidfile.read_text())
    assert runner.poll() is None, "the runner ended before the interrupt:\n" + runner.communicate()[1]
    runner.send_signal(signal.SIGINT)
    start = time.monotonic()
    out, err = runner.communicate(timeout=30)
    assert time.monotonic() - start < 5, "the interrupt waited for the hanging case's timeout"
    assert runner.returncode == 2
    assert err.strip().startswith("runner.py: interrupted: ")
    assert "running cases were killed and the report is marked incomplete" in err
    summary = json.loads(next(reports.glob("*/summary.json")).read_text())
    assert summary["complete"] is False and summary["interrupted"] is True
    assert "mmap/zz-hangs" not in [c["id"] for c in summary["cases"]]
    assert "Incomplete run (interrupted)" in next(reports.glob("*/report.md")).read_text()
    try:
        state = open(f"/proc/{hanging}/stat").read().split()[2]
    except FileNotFoundError:
        state = "gone"
    assert state in ("gone", "Z"), "the hanging case survived the interrupt"

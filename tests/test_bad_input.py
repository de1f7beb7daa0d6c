"""Bad input to the runner: each is one clear line on stderr, exit status 2,
and no report presented as complete.  (Unknown case names, a non-positive
--timeout and malformed expected/ entries are in test_cli.py and
test_expected.py.)"""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT
from mmapcheck.cases import collect


def error_line(proc):
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    return lines[0]


def test_an_unknown_tag_exits_2(sandbox):
    proc = sandbox.run("run", "--tag", "sparkly")
    assert proc.returncode == 2
    assert error_line(proc) == "runner.py: unknown tag 'sparkly' (see cases/TAGS)"


def test_a_known_tag_selects_its_cases(sandbox):
    # The project's own expected/: an msync claim Linux breaks is a cited xfail, not a fail.
    shutil.copytree(ROOT / "expected", sandbox.root / "expected", dirs_exist_ok=True)
    proc = sandbox.run("run", "--tag", "msync")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    ran = {l.split()[1] for l in proc.stdout.splitlines() if l.split()[:1] in (["PASS"], ["XFAIL"], ["SKIP"])}
    tagged = {c.id for c in collect(sandbox.root / "cases") if "msync" in c.tags}
    assert ran == tagged and any(c.startswith("msync/") for c in ran)


def test_an_unknown_target_exits_2(sandbox):
    proc = sandbox.run("run", "--target", "vax", "mmap/len-zero-einval")
    assert proc.returncode == 2
    assert error_line(proc) == ("runner.py: unknown target 'vax'; known: native, kernel:VERSION[@ARCH], kernel:/path/to/image, "
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
    # Half the hanging case's 120 s timeout: a busy machine slows the report, not by a minute.
    assert time.monotonic() - start < 60, "the interrupt waited for the hanging case's timeout"
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


# summary.json from another machine, as `runner.py compare` reads it
# (tests/fixtures/compare/native/summary.json, altered).
NATIVE = json.loads((Path(__file__).parent / "fixtures" / "compare" / "native" / "summary.json").read_text())
ROOT = Path(__file__).resolve().parent.parent


def altered(change):
    summary = json.loads(json.dumps(NATIVE))
    change(summary)
    return json.dumps(summary)


SUMMARY_DEFECTS = [
    (altered(lambda s: s["cases"][0].update(observed=["errno=0"])), "cases[0].observed: not an object"),
    (altered(lambda s: s["cases"][1].update(id=7)), "cases[1].id: missing or not a case id"),
    (altered(lambda s: s["cases"][1].update(id="mmap/" + "z" * 1000000)), "cases[1].id: missing or not"),
    (altered(lambda s: s["cases"][2].update(verdict=["pass"])), "cases[2].verdict: not one of"),
    (altered(lambda s: s["platform"].update(id=["x"])), "platform.id: missing or not a string"),
    (altered(lambda s: s["platform"].update(target_kind=["gvisor"])), "platform.target_kind: not a string"),
    (altered(lambda s: s["cases"].append(s["cases"][0])), "listed twice"),
    (altered(lambda s: s.update(totals={"pass": "8"})), "totals: not an object of verdict counts"),
    (altered(lambda s: s.update(target_problems="cut")), "target_problems: not a list of strings"),
    ("[" * 100000 + "]" * 100000, "nested too deeply"),
    (altered(lambda s: s["cases"][0].update(duration_s=0.5)).replace("0.5", "NaN"), "NaN is not one"),
    ('{"platform": {"id": ' + "9" * 5000 + '}}', "not JSON"),
    ("[]", "the file: not a JSON object"),
]


@pytest.mark.parametrize("text, where", SUMMARY_DEFECTS, ids=[w.split(":")[0] for _, w in SUMMARY_DEFECTS])
def test_a_summary_json_compare_cannot_use_is_one_line_naming_where(tmp_path, text, where):
    report = tmp_path / "report"
    report.mkdir()
    (report / "summary.json").write_text(text)
    proc = subprocess.run([sys.executable, str(ROOT / "runner.py"), "compare", str(report), "--out",
                           str(tmp_path / "out")], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr[-2000:]
    line = error_line(proc)
    assert line.startswith(f"runner.py: {report}/summary.json: not a summary.json of `runner.py run` (")
    assert where in line and len(line) < 500
    assert not (tmp_path / "out").exists()


def test_a_summary_json_is_read_as_utf8_whatever_the_locale(tmp_path):
    (tmp_path / "summary.json").write_bytes(
        altered(lambda s: s["cases"][0].update(reason="caf\u00e9")).encode().replace(b"caf\\u00e9", b"caf\xc3\xa9\xff"))
    proc = subprocess.run([sys.executable, "-c", "import sys\nfrom mmapcheck.compare import load_report\n"
                           "print(ascii(load_report(sys.argv[1]).cells['madvise/cold-keeps-anon-data'].reason))",
                           str(tmp_path)], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env={"PATH": "/usr/bin:/bin", "LC_ALL": "C", "PYTHONUTF8": "0"})
    assert (proc.returncode, proc.stdout) == (0, "'caf\\xe9\\ufffd'\n"), proc.stderr


def test_a_summary_json_that_is_a_link_or_a_fifo_is_not_read(tmp_path):
    secret = tmp_path / "secret.json"
    secret.write_text(json.dumps(NATIVE))
    linked, fifo = tmp_path / "linked", tmp_path / "fifo"
    linked.mkdir()
    fifo.mkdir()
    (linked / "summary.json").symlink_to(secret)
    os.mkfifo(fifo / "summary.json")  # a read of it would wait for a writer for ever
    for report, why in ((linked, "a symbolic link, not followed"), (fifo, "not a regular file")):
        proc = subprocess.run([sys.executable, str(ROOT / "runner.py"), "compare", str(report), "--out",
                               str(tmp_path / "out")], capture_output=True, text=True, timeout=120)
        assert proc.returncode == 2
        assert error_line(proc) == f"runner.py: {report}/summary.json: cannot read: {why}"


def test_platform_facts_of_any_json_scalar_are_shown_as_text(tmp_path):
    report = tmp_path / "report"
    report.mkdir()
    (report / "summary.json").write_text(altered(lambda s: s["platform"].update(
        machine=1.5, libc=None, target=True, target_kind=7, release=10 ** 30)))
    proc = subprocess.run([sys.executable, str(ROOT / "runner.py"), "compare", str(report), "--out",
                           str(tmp_path / "out")], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert ("| Linux 1000000000000000000000000000000 | linux-6.18.44-fc-v669-x86_64 | observed | Linux "
            "| 1000000000000000000000000000000 | 1.5 | 4096 |") in (tmp_path / "out" / "compare.md").read_text()

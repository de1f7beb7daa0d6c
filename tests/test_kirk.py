"""kirk, LTP's runner, and the installed bundle, checked without kirk:

- the bundle's LTP root (libexec/mmapcheck/ltp), moved elsewhere after `make
  install`, runs each runtest line as kirk 4.1 runs a test on its host
  (libkirk/ltp.py, libkirk/channels/shell.py): `sh -c COMMAND` in
  $LTPROOT/testcases/bin, that directory last on PATH, stderr with stdout,
  and only the environment kirk passes on;
- mmapcheck-ltp gives each verdict its LTP result line with the reason, LTP's
  "Summary:" block and exit status (pass, xfail, skip, fail, xpass, and error:
  a crash, a hang, a file or a process left behind), prints the stream that
  `runner.py ingest` reads, and leaves nothing in TMPDIR;
- `runner.py ingest` reads kirk's JSON reports captured here with kirk 4.1.0
  (tests/fixtures/kirk/README.md says how) into the verdicts of a native run,
  and refuses a hostile or broken one in one line;
- the initramfs mmapcheck.kirk_guest makes for kirk's qemu SUT boots Debian's
  6.1 kernel to the prompt kirk is told to wait for, and runs the bundle.

The README's kirk commands were run with kirk itself (host and qemu SUT)."""

import json
import os
import re
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from test_bundle import LONG_WAIT, ROOT, entries_of, make, need
from test_targets_live import LIVE_KERNEL, kernel_or_skip

FIXTURES = ROOT / "tests" / "fixtures" / "kirk"
# Real cases with the verdict they have on this machine's kernel and on 6.1
# under qemu (the captured reports), and fixtures for the verdicts a
# conforming kernel never gives (the same on both).
REAL_CASES = {"mmap/len-zero-einval": "pass", "madvise/cold-hugetlb-einval": "skip",
              "mmap/len-exceeds-address-space-einval": "xfail"}
FIXTURE_CASES = {
    "mmap/fixture-claim-fails": ('mc_begin(); mc_check(0, "the fixture claim"); return mc_finish();', "fail"),
    "mmap/fixture-listed-but-holds": ('mc_begin(); mc_check(1, "the fixture claim"); return mc_finish();',
                                      "xpass"),
    "mmap/fixture-crashes": ("mc_begin(); *(volatile int *)0 = 1; return mc_finish();", "error"),
    "mmap/fixture-hangs": ("mc_begin(); for (;;) pause(); return mc_finish();", "error"),
    "mmap/fixture-leaves-file": ('mc_begin(); fclose(fopen("left-behind", "w")); return mc_finish();', "error"),
    "mmap/fixture-leaves-process": ("mc_begin(); if (fork() == 0) for (;;) pause(); return mc_finish();",
                                    "error"),
}
LISTED_ENTRY = ("\nmmap/fixture-listed-but-holds:\n    outcome: fail\n"
                "    reason: listed as a deviation, though the claim holds\n    cite: tests/test_kirk.py\n")
VERDICTS = {**REAL_CASES, **{cid: verdict for cid, (_, verdict) in FIXTURE_CASES.items()}}
# What mmapcheck-ltp prints and exits with, per case: (token, exit status, what its reason says).
LTP = {"mmap/len-zero-einval": ("TPASS", 0, "the claim holds"),
       "mmap/len-exceeds-address-space-einval": ("TPASS", 0, "XFAIL (known deviation): a length larger than"),
       "madvise/cold-hugetlb-einval": ("TCONF", 32, "no free huge page reserved in the pool"),
       "mmap/fixture-claim-fails": ("TFAIL", 1, "check failed: the fixture claim"),
       "mmap/fixture-listed-but-holds": ("TFAIL", 1, "XPASS (a listed deviation did not happen): passed, "
                                                     "but expected/ lists fail"),
       "mmap/fixture-crashes": ("TBROK", 2, "crashed: signal:11"),
       "mmap/fixture-hangs": ("TBROK", 2, "timed out after 3.000 s"),
       "mmap/fixture-leaves-file": ("TBROK", 2, "left files behind: left-behind"),
       "mmap/fixture-leaves-process": ("TBROK", 2, "left processes running")}
HANG_TIMEOUT_MUL = "0.3"   # 3 s for the case that hangs
GENEROUS_MUL = "60"        # 600 s for the others, however busy the machine
KIRK_STATUS = {0: "pass", 1: "fail", 2: "brok", 32: "conf"}  # libkirk/ltp.py's reading of an exit status


def make_tree(root):
    """A copy of the repository with only these cases, their expected/
    entries, and one entry for the fixture whose claim holds."""
    for name in ("Makefile", "runner.sh", "runner-printer.awk", "runner.py"):
        shutil.copy(ROOT / name, root)
    for d in ("mmapcheck", "harness", "bundle"):
        shutil.copytree(ROOT / d, root / d, ignore=shutil.ignore_patterns("__pycache__"))
    (root / "expected").mkdir()
    for path in (ROOT / "expected").iterdir():
        if path.is_file():
            text = entries_of(path.read_text(), list(VERDICTS))
            (root / "expected" / path.name).write_text(text + (LISTED_ENTRY if path.name == "linux" else ""))
    (root / "cases").mkdir()
    for vocabulary in (ROOT / "cases").glob("[A-Z]*"):
        shutil.copy(vocabulary, root / "cases" / vocabulary.name)
    for cid in REAL_CASES:
        (root / "cases" / cid).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / "cases" / f"{cid}.c", root / "cases" / f"{cid}.c")
    for cid, (body, _) in FIXTURE_CASES.items():
        (root / "cases" / f"{cid}.c").write_text(
            f"/*\n * Claim: {cid} is a test fixture.\n * Source: tests/test_kirk.py\n * Tags: mmap\n */\n"
            f'#include "mmapcheck.h"\n#include <unistd.h>\nint main(void) {{ {body} }}\n')
    return root


@pytest.fixture(scope="module")
def tree(tmp_path_factory):
    need("cc")
    root = make_tree(tmp_path_factory.mktemp("repo"))
    make(root)
    return root


@pytest.fixture(scope="module")
def ltp_root(tree, tmp_path_factory):
    """The bundle's LTP root, from a tree installed under DESTDIR and then
    moved: nothing in it may name where it was installed."""
    stage = tmp_path_factory.mktemp("stage")
    make(tree, "install", f"DESTDIR={stage}", "PREFIX=/usr/local")
    moved = tmp_path_factory.mktemp("elsewhere") / "bundle"
    shutil.move(stage / "usr/local", moved)
    return moved / "libexec/mmapcheck/ltp"


def runtest(ltp_root):
    """{case id: the runtest line's command} of the LTP root's runtest file."""
    lines = [line.split() for line in (ltp_root / "runtest/mmapcheck").read_text().splitlines()
             if line.strip() and not line.startswith("#")]
    return {args[-1]: " ".join([command, *args]) for tag, command, *args in lines}


def run_as_kirk(ltp_root, command, tmpdir, timeout_mul):
    """The command as kirk runs a test on its host: through the shell, in
    testcases/bin, that directory last on PATH, kirk's environment only."""
    env = {"LTPROOT": str(ltp_root), "TMPDIR": str(tmpdir), "LTP_COLORIZE_OUTPUT": "1",
           "LTP_TIMEOUT_MUL": timeout_mul, "PATH": f"/usr/bin:/bin:{ltp_root}/testcases/bin"}
    return subprocess.run(command, shell=True, cwd=ltp_root / "testcases/bin", env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, timeout=LONG_WAIT)


def test_runtest_file_names_each_case_once_by_its_bare_command(tree, ltp_root):
    commands = runtest(ltp_root)
    assert sorted(commands) == sorted(VERDICTS)
    assert all(c == f"mmapcheck-ltp {cid}" for cid, c in commands.items())
    text = (ltp_root / "runtest/mmapcheck").read_text()
    assert str(tree) not in text and "/usr/local" not in text


@pytest.mark.parametrize("case_id", sorted(LTP))
def test_ltp_adapter_run_as_kirk_runs_it_speaks_ltp(ltp_root, tmp_path, case_id):
    token, status, reason = LTP[case_id]
    mul = HANG_TIMEOUT_MUL if case_id == "mmap/fixture-hangs" else GENEROUS_MUL
    proc = run_as_kirk(ltp_root, runtest(ltp_root)[case_id], tmp_path, mul)
    out = proc.stdout
    assert proc.returncode == status, out
    # One LTP result line, the one libkirk counts; its reason is the case's.
    assert re.findall(r"T(?:PASS|FAIL|BROK|CONF|WARN|SKIP|INFO)", out) == [token], out
    result = next(line for line in out.splitlines() if f": {token}: " in line)
    assert result.startswith(f"{case_id}: {token}: ") and reason in result, result
    if token == "TPASS" and "XFAIL" in result:
        assert "(cite: " in result  # a documented deviation shows its citation
    counts = dict(passed=token == "TPASS", failed=token == "TFAIL", broken=token == "TBROK",
                  skipped=token == "TCONF", warnings=0)
    assert out.endswith("\nSummary:\n" + "".join(f"{k:<8} {int(v)}\n" for k, v in counts.items())), out
    # The stream before it is the bundle runner's, whole: ingest reads it.
    from mmapcheck.stream import parse_stream
    stream = parse_stream(out.split(f"\n{case_id}: {token}: ")[0] + "\n")
    assert stream.done and list(stream.executions) == [case_id]
    assert stream.executions[case_id].runner_verdict == VERDICTS[case_id]
    assert list(tmp_path.iterdir()) == []  # its directory, files and processes are gone


def test_ltp_adapter_refuses_a_timeout_multiplier_that_is_no_number(ltp_root, tmp_path):
    proc = run_as_kirk(ltp_root, runtest(ltp_root)["mmap/len-zero-einval"], tmp_path, "1e3")
    assert proc.returncode == 2
    assert proc.stdout.startswith("mmap/len-zero-einval: TBROK: LTP_TIMEOUT_MUL must be a decimal number")
    assert "# mmapcheck-case:" not in proc.stdout and list(tmp_path.iterdir()) == []


def test_ltp_adapter_is_broken_when_the_runner_cannot_start(ltp_root, tmp_path):
    """No scratch directory (TMPDIR names none): the runner says why and
    reports nothing, which is TBROK with its complaint as the reason."""
    proc = run_as_kirk(ltp_root, runtest(ltp_root)["mmap/len-zero-einval"], tmp_path / "none", GENEROUS_MUL)
    assert proc.returncode == 2
    result = next(line for line in proc.stdout.splitlines() if ": TBROK: " in line)
    assert result.startswith("mmap/len-zero-einval: TBROK: the runner reported no result for the case: "), result
    assert str(tmp_path / "none") in result


# kirk's JSON reports, captured with kirk 4.1.0 on this machine.

def ingest(tree, report, tmp_path, stdin=None):
    proc = subprocess.run([sys.executable, str(tree / "runner.py"), "ingest", str(report), "--platform", "kirk",
                           "--reports", str(tmp_path)], input=stdin, capture_output=True, text=True,
                          timeout=LONG_WAIT)
    summary_path = tmp_path / "kirk" / "summary.json"
    return proc, json.loads(summary_path.read_text()) if summary_path.exists() else None


def test_ingest_reads_kirk_s_report_of_the_host_into_the_native_verdicts(tree, tmp_path):
    """kirk ran the tree's bundle on this machine (LTP_TIMEOUT_MUL=0.3, for
    the hang): each case's verdict is what mmapcheck-ltp told kirk, and
    what runner.sh concluded in it; kirk's status agrees with each."""
    report = json.loads((FIXTURES / "host.json").read_text())
    assert {r["test"]["arguments"][0]: r["status"] for r in report["results"]} == {
        cid: KIRK_STATUS[LTP[cid][1]] for cid in VERDICTS}
    proc, summary = ingest(tree, FIXTURES / "host.json", tmp_path)
    assert proc.returncode == 1, proc.stderr  # a fail, an xpass, errors
    assert {c["id"]: c["verdict"] for c in summary["cases"]} == VERDICTS
    assert {c["id"]: c["runner_verdict"] for c in summary["cases"]} == VERDICTS
    assert summary["target_problems"] == [] and summary["complete"]
    reasons = {c["id"]: c["reason"] for c in summary["cases"]}
    assert "timed out" in reasons["mmap/fixture-hangs"] and "left-behind" in reasons["mmap/fixture-leaves-file"]


def test_ingest_reads_kirk_s_report_from_its_qemu_sut(tree, tmp_path):
    """kirk's qemu SUT (Debian's 6.1 kernel, mmapcheck.kirk_guest's
    initramfs): the logs came over a serial console, CRLF line ends."""
    report = (FIXTURES / "qemu-6.1.json").read_text()
    assert "\\r\\n" in report
    proc, summary = ingest(tree, FIXTURES / "qemu-6.1.json", tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert {c["id"]: c["verdict"] for c in summary["cases"]} == VERDICTS
    assert {c["id"]: c["runner_verdict"] for c in summary["cases"]} == VERDICTS
    assert summary["target_problems"] == [] and summary["complete"]
    plat = summary["platform"]
    assert plat["release"].startswith("6.1.") and (plat["libc"], plat["tmpdir_fs"]) == ("musl", "tmpfs")


def test_ingest_reads_kirk_s_report_on_stdin(tree, tmp_path):
    proc, summary = ingest(tree, "-", tmp_path, stdin=(FIXTURES / "host.json").read_text())
    assert proc.returncode == 1 and {c["id"]: c["verdict"] for c in summary["cases"]} == VERDICTS


def test_ingest_of_a_hostile_kirk_report_names_what_is_wrong_and_escapes_it(tree, tmp_path):
    """tests/fixtures/kirk/hostile.json (see its README): a terminal escape in
    a test name and in a case id the checkout does not have, a status that
    is not what the log says, a command that was not found."""
    proc, summary = ingest(tree, FIXTURES / "hostile.json", tmp_path)
    assert proc.returncode == 1
    problems = " | ".join(summary["target_problems"])
    assert "not cases of this checkout" in problems
    assert "kirk's status differs from the verdict here for 2 case(s)" in problems
    assert "mmap/fixture-claim-fails (kirk pass, here fail)" in problems
    verdicts = {c["id"]: c["verdict"] for c in summary["cases"]}
    assert verdicts["mmap/len-zero-einval"] == "error"  # no runner stream: the command never ran
    reason = next(c["reason"] for c in summary["cases"] if c["id"] == "mmap/len-zero-einval")
    assert "kirk reported fail (exit 127) and its log holds no runner stream" in reason
    for text in [proc.stdout, proc.stderr] + [p.read_text() for p in (tmp_path / "kirk").rglob("*") if p.is_file()]:
        assert "\x1b" not in text and "\x07" not in text


def test_ingest_names_a_few_of_many_results_it_cannot_use(tree, tmp_path):
    results = [{"test_fqn": f"t{i}", "status": "fail",
                "test": {"log": "sh: 1: mmapcheck-ltp: not found\n", "arguments": [], "retval": ["127"],
                         "duration": 0}} for i in range(2000)]
    report = tmp_path / "results.json"
    report.write_text(json.dumps({"results": results}))
    proc, summary = ingest(tree, report, tmp_path / "reports")
    assert proc.returncode == 1 and {c["verdict"] for c in summary["cases"]} == {"notrun"}
    problems = summary["target_problems"]
    assert len(problems) <= 55 and any(re.fullmatch(r"\d+ more problem\(s\) not listed", p) for p in problems)
    assert "t0: no runner stream in its log and no case of this checkout in its arguments; ignored" in problems
    assert any(p.startswith("no result's log holds the bundle runner's stream") for p in problems)


def broken(report, change):
    data = json.loads(report.read_text())
    change(data)
    return json.dumps(data)


BROKEN = {  # how a report is spoilt: the field the one line of the refusal names
    "results-missing": (lambda d: d.pop("results"), "results"),
    "results-empty": (lambda d: d.update(results=[]), "results"),
    "result-not-object": (lambda d: d["results"].__setitem__(1, "x"), "results[1]"),
    "status-unknown": (lambda d: d["results"][2].update(status="ok"), "results[2].status"),
    "name-too-long": (lambda d: d["results"][0].update(test_fqn="x" * 201), "results[0].test_fqn"),
    "name-empty": (lambda d: d["results"][0].update(test_fqn=""), "results[0].test_fqn"),
    "log-not-string": (lambda d: d["results"][0]["test"].update(log=["x"]), "results[0].test.log"),
    "arguments-not-strings": (lambda d: d["results"][0]["test"].update(arguments=[1]),
                              "results[0].test.arguments"),
    "retval-not-list": (lambda d: d["results"][0]["test"].update(retval="0"), "results[0].test.retval"),
    "duration-negative": (lambda d: d["results"][0]["test"].update(duration=-1), "results[0].test.duration"),
    "duration-text": (lambda d: d["results"][0]["test"].update(duration="1"), "results[0].test.duration"),
    "duration-bool": (lambda d: d["results"][0]["test"].update(duration=True), "results[0].test.duration"),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_ingest_refuses_a_broken_kirk_report_in_one_line(tree, tmp_path, name):
    change, where = BROKEN[name]
    report = tmp_path / "results.json"
    report.write_text(broken(FIXTURES / "host.json", change))
    proc, summary = ingest(tree, report, tmp_path / "reports")
    assert (proc.returncode, proc.stdout, summary) == (2, "", None)
    assert proc.stderr.count("\n") == 1 and f": {where}: " in proc.stderr, proc.stderr
    assert not (tmp_path / "reports" / "kirk").exists()


@pytest.mark.parametrize("text, says", [
    ('{"results": [' * 100000, "nested too deeply"),
    ('{"results": [{"test": {"duration": NaN}}]}', "NaN is not a number JSON allows"),
    ('{"results": [{"test": {"duration": 1' + "0" * 5000 + "}}]}", "not JSON"),
    ('{"results": [', "not JSON"),
    ('{"results": "\xff"}', "not UTF-8")], ids=["deep", "nan", "long-integer", "cut-short", "not-utf-8"])
def test_ingest_refuses_what_is_not_json_in_one_line(tree, tmp_path, text, says):
    report = tmp_path / "results.json"
    report.write_bytes(text.encode("latin-1"))
    proc, summary = ingest(tree, report, tmp_path / "reports")
    assert (proc.returncode, summary) == (2, None) and proc.stderr.count("\n") == 1
    assert says in proc.stderr and "Traceback" not in proc.stderr


def test_ingest_refuses_a_kirk_report_larger_than_its_limit(tree, tmp_path):
    from mmapcheck.ingest_kirk import KIRK_JSON_LIMIT
    report = tmp_path / "results.json"
    with open(report, "wb") as f:
        f.write(b'{"results": "')
        f.truncate(KIRK_JSON_LIMIT + 1)
    proc, _ = ingest(tree, report, tmp_path / "reports")
    assert proc.returncode == 2 and f"larger than {KIRK_JSON_LIMIT} bytes" in proc.stderr


def test_ingest_does_not_follow_a_link_to_a_kirk_report(tree, tmp_path):
    (tmp_path / "results.json").symlink_to(FIXTURES / "host.json")
    proc, summary = ingest(tree, tmp_path / "results.json", tmp_path / "reports")
    assert (proc.returncode, summary) == (2, None) and "a symbolic link, not followed" in proc.stderr


# kirk's qemu SUT: the initramfs mmapcheck.kirk_guest makes.

@pytest.fixture(scope="module")
def static_stage(tree, tmp_path_factory):
    need("musl-gcc")
    build = "build/static-x86_64-musl"
    make(tree, f"BUILD={build}", "CC=musl-gcc", "CFLAGS=-O2 -Wall -Wextra -static")
    stage = tmp_path_factory.mktemp("sut-stage")
    make(tree, "install", f"BUILD={build}", f"DESTDIR={stage}", "PREFIX=/opt/mmapcheck")
    return stage


def kirk_guest(tree, stage, out):
    return subprocess.run([sys.executable, "-m", "mmapcheck.kirk_guest", str(stage), str(out)], cwd=tree,
                          capture_output=True, text=True, timeout=LONG_WAIT)


def test_kirk_guest_refuses_a_bundle_built_against_the_host_s_c_library(tree, tmp_path):
    make(tree, "install", f"DESTDIR={tmp_path / 'stage'}", "PREFIX=/opt/mmapcheck")
    proc = kirk_guest(tree, tmp_path / "stage", tmp_path / "initrd.cpio")
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1 and "is not statically linked" in proc.stderr
    assert not (tmp_path / "initrd.cpio").exists()


def read_until(proc, pattern, seen, limit_s):
    """What the guest printed, until pattern matches it (seen: all so far)."""
    deadline = time.monotonic() + limit_s
    while not re.search(pattern, seen):
        left = deadline - time.monotonic()
        assert left > 0, f"no {pattern!r} within {limit_s} s; the console:\n{seen[-3000:]}"
        ready, _, _ = select.select([proc.stdout], [], [], left)
        data = os.read(proc.stdout.fileno(), 65536) if ready else b""
        assert data or not ready, f"the guest ended; the console:\n{seen[-3000:]}"
        seen += data.decode(errors="replace")
    return seen


def test_kirk_guest_boots_to_kirk_s_prompt_and_runs_the_bundle(tree, static_stage, tmp_path):
    """Booted as kirk's qemu channel boots it (kernel, initrd, the console on
    stdio, "console=ttyS0 ignore_loglevel"), but on TCG as the README's
    options make it: the kernel's banner holds "#1 SMP", kirk's default
    prompt, before the shell's prompt; at that prompt the runtest line runs
    as kirk would send it."""
    kernel = kernel_or_skip(LIVE_KERNEL, {"qemu-system-x86_64": "qemu-system-x86"})
    from mmapcheck.kirk_guest import PROMPT
    proc = kirk_guest(tree, static_stage, tmp_path / "initrd.cpio")
    assert proc.returncode == 0, proc.stderr
    assert "LTPROOT=/opt/mmapcheck/libexec/mmapcheck/ltp" in proc.stdout
    ltp_root = "/opt/mmapcheck/libexec/mmapcheck/ltp"
    qemu = subprocess.Popen(["qemu-system-x86_64", "-machine", "accel=tcg", "-cpu", "max", "-m", "1G",
                             "-smp", "2", "-display", "none", "-no-reboot", "-serial", "stdio",
                             "-kernel", str(kernel.bzimage), "-initrd", str(tmp_path / "initrd.cpio"),
                             "-append", "console=ttyS0 ignore_loglevel"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        seen = read_until(qemu, re.escape(PROMPT), "", LONG_WAIT)
        assert "#1 SMP" in seen.split(PROMPT)[0]
        qemu.stdin.write(f"stty -echo; dmesg -D; cd {ltp_root}/testcases/bin && export LTPROOT={ltp_root} "
                         f"PATH=$PATH:{ltp_root}/testcases/bin LTP_TIMEOUT_MUL={GENEROUS_MUL}; "
                         "mmapcheck-ltp mmap/len-exceeds-address-space-einval; echo rc=$?-end\n".encode())
        qemu.stdin.flush()
        seen = read_until(qemu, r"rc=\d+-end", seen, LONG_WAIT)
        out = seen.split(PROMPT, 1)[1].replace("\r\n", "\n")
        assert re.search(r"^mmap/len-exceeds-address-space-einval: TPASS: XFAIL \(known deviation\): .*\(cite: ",
                         out, re.M), out
        assert "# mmapcheck-scratch: fs=tmpfs\n" in out and "\nrc=0-end" in out
        qemu.stdin.write(b"poweroff -f\n")
        qemu.stdin.flush()
        qemu.wait(timeout=LONG_WAIT)
    finally:
        if qemu.poll() is None:
            qemu.kill()
            qemu.wait()

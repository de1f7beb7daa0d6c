"""LAVA (lava/, mmapcheck.lava_ramdisk, mmapcheck.ingest_lava):

- the test definition and the example job are ones LAVA reads (its own
  schemas, where lava-dispatcher is installed);
- the test definition's steps, run as LAVA's run.sh runs them (busybox sh and
  awk, as in the guest), report each case once, by a name LAVA accepts, with
  the result its verdict maps to, its time and its reason; a run that stops
  early raises a test error;
- the ramdisk holds busybox, the bundle, the overlay disk's modules in load
  order, and an init whose /dev/disk/by-uuid links are right;
- `runner.py ingest` reads a job's log captured with lava-run (and the same
  log as a LAVA server keeps it) into the verdicts of the tree, holds LAVA's
  results against them, and refuses a hostile or broken log in one line;
- lava-run itself runs the example job on Debian's 6.1 kernel (as
  run-offline.sh does), and the ingested verdicts are those of `runner.py run
  --target kernel:6.1-cloud`, case by case."""

import decimal
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from test_bundle import LONG_WAIT, ROOT, make, need
from test_kirk import VERDICTS, static_stage, tree  # noqa: F401 (fixtures)
from test_targets_live import LIVE_KERNEL, kernel_or_skip, run_suite

from mmapcheck.ingest_lava import LAVA_RESULT_OF, RECORD_LIMIT, case_id_of

LAVA = ROOT / "lava"
FIXTURES = ROOT / "tests" / "fixtures" / "lava"
# Names LAVA accepts: a test case's name is part of its result page's address
# (lava_results_app/urls.py: "(?P<case>[-_a-zA-Z0-9.+]+)"), and a test
# definition's name is checked by lava_common/schemas/test/definition.py.
CASE_NAME = re.compile(r"[-_a-zA-Z0-9.+]+")
DEFINITION_NAME = re.compile(r"[-_a-zA-Z0-9.]+")
HANG_TIMEOUT = "3"  # seconds per case in the steps' run: the fixture that hangs is stopped then


def load_yaml(path):
    yaml = pytest.importorskip("yaml", reason="needs python3-yaml")
    return yaml.safe_load(path.read_text())


def test_the_test_definition_is_one_lava_reads():
    testdef = load_yaml(LAVA / "mmapcheck.yaml")
    assert testdef["metadata"]["format"] == "Lava-Test Test Definition 1.0"
    assert DEFINITION_NAME.fullmatch(testdef["metadata"]["name"])
    steps = testdef["run"]["steps"]
    assert steps and all(isinstance(s, str) for s in steps)
    # LAVA rewrites "$1" in a step that holds either (lava_dispatcher/actions/deploy/testdef.py)
    assert not any("--cmd" in s or "--shell" in s for s in steps)
    assert all(isinstance(v, str) for v in testdef["params"].values())
    try:
        from lava_common.schemas.test.testdef import validate
    except ImportError:
        return  # lava-dispatcher is not installed: YAML is all that can be checked
    validate(testdef)


def test_the_example_job_is_one_lava_reads():
    job = load_yaml(LAVA / "job-qemu.yaml")
    (definition,) = job["actions"][2]["test"]["definitions"]
    assert (definition["from"], definition["path"]) == ("git", "lava/mmapcheck.yaml")
    assert DEFINITION_NAME.fullmatch(definition["name"])
    boot = job["actions"][1]["boot"]
    assert "quiet" not in job["actions"][0]["deploy"]["images"]["kernel"]["image_arg"]  # LAVA waits for "Linux version"
    from mmapcheck.lava_ramdisk import PROMPT
    assert boot["prompts"] == [PROMPT]
    try:
        from lava_common.schemas import validate
    except ImportError:
        return
    text = (LAVA / "job-qemu.yaml").read_text()
    for placeholder, value in (("@KERNEL@", "file:///k/vmlinux"), ("@RAMDISK@", "file:///k/ramdisk.cpio"),
                               ("@REPOSITORY@", "https://example.org/mmapcheck.git")):
        assert f'"{placeholder}"' in text
        text = text.replace(placeholder, value)
    import yaml
    validate(yaml.safe_load(text), strict=True)


def test_every_case_has_its_own_name_that_lava_accepts():
    from mmapcheck.cases import collect
    ids = [c.id for c in collect()]
    names = [cid.replace("/", ".") for cid in ids]  # as the test definition names them
    assert len(set(names)) == len(ids) and all(CASE_NAME.fullmatch(n) for n in names)
    assert [case_id_of(n) for n in names] == ids


# The test definition's steps, as LAVA runs them.

def lava_run_sh(testdef, params):
    """run.sh as lava_dispatcher/actions/deploy/testdef.py writes it: the
    parameters, then the steps under set -e and set -x, between LAVA's signals."""
    lines = ["###default parameters from test definition###"]
    lines += [f"{k}='{v}'" for k, v in testdef.get("params", {}).items()]
    lines += ["######", "###test parameters from job submission###"]
    lines += [f"{k}='{v}'" for k, v in params.items()]
    lines += ["######", "set -e", "set -x", "export TESTRUN_ID=0_mmapcheck", "set +x",
              'echo "<LAVA_SIGNAL_STARTRUN $TESTRUN_ID 1>"', "set -x"]
    lines += [s.rstrip("\n") for s in testdef["run"]["steps"]]
    lines += ["set +x", 'echo "<LAVA_SIGNAL_ENDRUN $TESTRUN_ID 1>"']
    return "\n".join(lines) + "\n"


FAKE_LAVA_TOOL = """#!/bin/sh
# {name}, recording its arguments (one line, tab-separated) as LAVA's signals would
{{ printf '{name}'; for a; do printf '\\t%s' "$a"; done; echo; }} >>"$LAVA_CALLS"
echo "<LAVA_SIGNAL_{signal} $*>"
exit {status}
"""


def run_steps(bundle, tmp_path, timeout=HANG_TIMEOUT):
    """The steps run by busybox sh with busybox awk (the guest's), with
    lava-test-case and lava-test-raise recording their calls: (stdout, calls)."""
    need("busybox")
    testdef = load_yaml(LAVA / "mmapcheck.yaml")
    bindir = tmp_path / "lava-bin"
    bindir.mkdir()
    for name, signal, status in (("lava-test-case", "TESTCASE", 0), ("lava-test-raise", "TESTRAISE", 1)):
        (bindir / name).write_text(FAKE_LAVA_TOOL.format(name=name, signal=signal, status=status))
        (bindir / name).chmod(0o755)
    (bindir / "awk").symlink_to(shutil.which("busybox"))
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    run_sh = tmp_path / "run.sh"
    run_sh.write_text(lava_run_sh(testdef, {"MMAPCHECK": str(bundle), "TIMEOUT": timeout,
                                            "SCRATCH": str(scratch)}))
    calls = tmp_path / "calls"
    env = {"PATH": f"{bindir}:/usr/bin:/bin", "LAVA_CALLS": str(calls), "HOME": str(tmp_path)}
    proc = subprocess.run(["busybox", "sh", "-e", str(run_sh)], cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=LONG_WAIT)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert list(scratch.iterdir()) == [], "the steps left files in the scratch directory"
    return proc.stdout, [line.split("\t") for line in (calls.read_text() if calls.exists() else "").splitlines()]


@pytest.fixture(scope="module")
def bundle(tree, tmp_path_factory):
    stage = tmp_path_factory.mktemp("stage")
    make(tree, "install", f"DESTDIR={stage}", "PREFIX=/opt/mmapcheck")
    return stage / "opt/mmapcheck"


def test_the_steps_report_each_case_once_by_a_name_lava_accepts(bundle, tmp_path):
    out, calls = run_steps(bundle, tmp_path)
    assert all(call[0] == "lava-test-case" for call in calls), calls
    results = {}
    for _, name, *options in calls:
        assert CASE_NAME.fullmatch(name) and name not in results, name
        args = dict(zip(options[::2], options[1::2]))
        assert set(args) == {"--result", "--measurement", "--units"} and args["--units"] == "seconds", options
        decimal.Decimal(args["--measurement"])  # as LAVA reads it; it raises on anything else
        results[case_id_of(name)] = args["--result"]
    assert results == {cid: LAVA_RESULT_OF[verdict] for cid, verdict in VERDICTS.items()}
    # The stream is printed whole, and each reason before its result.
    from mmapcheck.stream import parse_stream
    stream = parse_stream(out)
    assert stream.done and {cid: ex.runner_verdict for cid, ex in stream.executions.items()} == VERDICTS
    reasons = dict(re.findall(r"^mmapcheck-lava: (\S+) \S+: (.*)$", out, re.M))
    assert reasons["mmap.len-exceeds-address-space-einval"].startswith("XFAIL known deviation: a length larger")
    assert "(cite: " in reasons["mmap.len-exceeds-address-space-einval"]
    assert reasons["madvise.cold-hugetlb-einval"].startswith("SKIP no free huge page")
    assert reasons["mmap.fixture-claim-fails"] == "FAIL: the claim does not hold"
    assert reasons["mmap.fixture-listed-but-holds"].startswith("XPASS passed, but expected/ lists fail")
    assert reasons["mmap.fixture-crashes"] == "ERROR: crashed: signal:11"
    assert reasons["mmap.fixture-hangs"] == f"ERROR: timed out after {HANG_TIMEOUT} s"
    assert reasons["mmap.fixture-leaves-file"] == "ERROR: left files behind: left-behind"
    assert "mmap.len-zero-einval" not in reasons  # a pass needs none
    assert re.search(r"^ok \d+ mmap/len-exceeds-address-space-einval # XFAIL .*\n"  # right after its verdict
                     r"mmapcheck-lava: mmap\.len-exceeds-address-space-einval pass: XFAIL ", out, re.M), out


def test_the_steps_raise_a_test_error_when_the_runner_stops_early(tmp_path):
    """No bundle where MMAPCHECK says: no stream, no result, and the test
    error that makes LAVA's job incomplete."""
    out, calls = run_steps(tmp_path / "nowhere", tmp_path)
    assert calls == [["lava-test-raise", "mmapcheck-run-incomplete"]]
    assert "mmapcheck-lava: the runner reported 0 of 0 cases and no done marker" in out


# The ramdisk.

def read_cpio(path):
    """{name: (mode, bytes)} of a newc archive."""
    data, files, pos = path.read_bytes(), {}, 0
    while True:
        assert data[pos:pos + 6] == b"070701", f"no newc header at {pos}"
        fields = [int(data[pos + 6 + 8 * i:pos + 14 + 8 * i], 16) for i in range(13)]
        mode, size, namesize = fields[1], fields[6], fields[11]
        name = data[pos + 110:pos + 110 + namesize - 1].decode()
        pos += 110 + namesize
        pos += -pos % 4
        if name == "TRAILER!!!":
            return files
        files[name] = (mode, data[pos:pos + size])
        pos += size
        pos += -pos % 4


@pytest.fixture(scope="module")
def ramdisk(tree, static_stage, tmp_path_factory):
    kernel = kernel_or_skip(LIVE_KERNEL, {})
    out = tmp_path_factory.mktemp("ramdisk") / "ramdisk.cpio"
    proc = subprocess.run([sys.executable, "-m", "mmapcheck.lava_ramdisk", "ramdisk", "--kernel", LIVE_KERNEL,
                           str(static_stage), str(out)], cwd=tree, capture_output=True, text=True, timeout=LONG_WAIT)
    assert proc.returncode == 0, proc.stderr
    return kernel, read_cpio(out)


def test_the_ramdisk_holds_busybox_the_bundle_and_the_overlay_disk_s_modules(ramdisk):
    from mmapcheck.kernel_modules import modinfo
    from mmapcheck.lava_ramdisk import PROMPT
    kernel, files = ramdisk
    assert files["bin/busybox"][1] == Path("/bin/busybox").read_bytes()
    lx = "opt/mmapcheck/libexec/mmapcheck"
    for name in ("opt/mmapcheck/bin/mmapcheck-run", f"{lx}/runner.sh", f"{lx}/cases/run-lane",
                 *(f"{lx}/cases/{cid}" for cid in VERDICTS)):
        assert name in files and files[name][0] & 0o100, name
    assert f"{lx}/expected/linux" in files  # the deviations runner.sh marks
    init = files["init"][1].decode()
    insmods = re.findall(r"^insmod /modules/(\S+)$", init, re.M)
    assert sorted(insmods) == sorted(n[len("modules/"):] for n in files if n.startswith("modules/"))
    loaded = set()
    for ko in insmods:  # each after what it needs, and built for this kernel
        info = modinfo(files[f"modules/{ko}"][1])
        assert info["vermagic"].startswith(kernel.release + " "), (ko, info["vermagic"])
        assert set(filter(None, info.get("depends", "").split(","))) <= loaded, ko
        loaded.add(ko[:-len(".ko")].replace("-", "_"))
    assert {"ata_piix", "sd_mod"} <= loaded
    # Kernel messages off the console before anything loads; no "quiet" (LAVA waits for "Linux version").
    assert init.index("dmesg -n 1") < init.index("insmod ") < init.index("/dev/disk/by-uuid")
    assert f"PS1='{PROMPT}'" in init and "quiet" not in init and init.rstrip().endswith("poweroff -f")


def test_the_ramdisk_links_an_ext2_disk_by_its_uuid_as_lava_mounts_it(ramdisk, tmp_path):
    """The init's link-making lines, run by busybox on a file that holds an
    ext2 filesystem made as libguestfs makes LAVA's (-U: the UUID LAVA reads
    back), standing in for /dev/sda."""
    need("busybox")
    need("mkfs.ext2")
    uuid = "74d72997-53b0-4657-9887-b973b1dd37d1"
    disk = tmp_path / "sda"
    with open(disk, "wb") as f:
        f.truncate(8 << 20)
    subprocess.run(["mkfs.ext2", "-q", "-F", "-U", uuid, str(disk)], check=True, timeout=LONG_WAIT)
    (tmp_path / "sdb").write_bytes(b"\0" * 4096)  # no filesystem: no link
    init = ramdisk[1]["init"][1].decode()
    lines = init[init.index("mkdir -p /dev/disk/by-uuid"):init.index("\ndone\n") + 6]
    script = lines.replace("/dev/disk/by-uuid", f"{tmp_path}/by-uuid").replace("/dev/sd*", f"{tmp_path}/sd*")
    script = script.replace('[ -b "$dev" ]', '[ -f "$dev" ]')  # files, not block devices
    subprocess.run(["busybox", "sh", "-e", "-c", script], check=True, timeout=LONG_WAIT,
                   env={"PATH": "/usr/bin:/bin"})
    links = {p.name: os.readlink(p) for p in (tmp_path / "by-uuid").iterdir()}
    assert links == {uuid: str(disk)}


def test_the_device_dictionary_renders_a_device_lava_dispatcher_reads(tmp_path):
    pytest.importorskip("jinja2", reason="needs python3-jinja2 (lava-dispatcher's dependency)")
    from mmapcheck import UsageError
    from mmapcheck.lava_ramdisk import render_device, templates
    try:
        where = templates()
    except UsageError as e:
        pytest.skip(f"lava-server's templates cannot be had: {e}")
    render_device(LAVA / "qemu-mmapcheck.jinja2", tmp_path / "device.yaml", where)
    device = load_yaml(tmp_path / "device.yaml")
    qemu = device["actions"]["boot"]["methods"]["qemu"]["parameters"]
    assert qemu["command"] == "qemu-system-x86_64"
    options = " ".join(qemu["options"] + qemu["extra"])
    assert "-m 1024" in options and "-smp 2" in options and "accel=tcg" in options and "-cpu max" in options
    assert "-enable-kvm" not in options and "-cpu host" not in options
    assert device["actions"]["deploy"]["methods"]["image"]["parameters"]["guest"]["interface"] == "ide"
    try:
        from lava_dispatcher.device import NewDevice
    except ImportError:
        return
    NewDevice(str(tmp_path / "device.yaml"))


# runner.py ingest of a job's log.

def ingest(tree, log, tmp_path, stdin=None, report_id="lava"):
    proc = subprocess.run([sys.executable, str(tree / "runner.py"), "ingest", str(log), "--platform", report_id,
                           "--reports", str(tmp_path)], input=stdin, capture_output=True, text=True,
                          timeout=LONG_WAIT)
    summary_path = tmp_path / report_id / "summary.json"
    return proc, json.loads(summary_path.read_text()) if summary_path.exists() else None


def server_form(tmp_path):
    """The captured log as a LAVA server keeps it (output.yaml), made as
    lava-server 2023.01 writes it (lava_scheduler_app/views.py,
    internal_v1_jobs_logs()): each record's line after "- ", a record of
    level "event" made "debug" (the captured log has none)."""
    lines = (FIXTURES / "job.log").read_text().splitlines()
    assert not any('"lvl": "event"' in line for line in lines)
    path = tmp_path / "output.yaml"
    path.write_text("".join(f"- {line}\n" for line in lines))
    return path


@pytest.mark.parametrize("form", ["lava-run", "server"])
def test_ingest_reads_a_lava_job_log_into_the_verdicts_of_the_tree(tree, tmp_path, form):
    log = FIXTURES / "job.log" if form == "lava-run" else server_form(tmp_path)
    proc, summary = ingest(tree, log, tmp_path / "reports")
    assert proc.returncode == 1, proc.stderr  # a fail, an xpass, errors
    assert {c["id"]: c["verdict"] for c in summary["cases"]} == VERDICTS
    assert {c["id"]: c["runner_verdict"] for c in summary["cases"]} == VERDICTS
    assert summary["target_problems"] == [] and summary["complete"]
    plat = summary["platform"]
    assert plat["release"].startswith("6.1.") and (plat["libc"], plat["tmpdir_fs"]) == ("musl", "tmpfs")
    reasons = {c["id"]: c["reason"] for c in summary["cases"]}
    assert "timed out" in reasons["mmap/fixture-hangs"]
    assert '"insufficient room in the address space"' in reasons["mmap/len-exceeds-address-space-einval"]


def test_ingest_reads_a_lava_job_log_on_stdin(tree, tmp_path):
    proc, summary = ingest(tree, "-", tmp_path, stdin=(FIXTURES / "job.log").read_text())
    assert proc.returncode == 1 and {c["id"]: c["verdict"] for c in summary["cases"]} == VERDICTS


def test_the_record_reader_reads_each_record_as_yaml_does():
    yaml = pytest.importorskip("yaml", reason="needs python3-yaml")
    from mmapcheck.ingest_lava import parse_record
    for line in (FIXTURES / "job.log").read_text().splitlines():
        assert parse_record(line) == strings(yaml.safe_load(line)), line


def strings(value):
    """A record as YAML loads it, its tagged scalars ("! ...": numbers,
    booleans, null, which the reader keeps as text) as their text."""
    if isinstance(value, dict):
        return {k: strings(v) for k, v in value.items()}
    if isinstance(value, list):
        return [strings(v) for v in value]
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    return value if isinstance(value, str) else str(value)


def records():
    return (FIXTURES / "job.log").read_text().splitlines()


def record(lvl, msg):
    return json.dumps({"dt": "2026-12-04T10:28:00.000000", "lvl": lvl, "msg": msg}, ensure_ascii=True)


def changed(lines, tmp_path):
    log = tmp_path / "job.log"
    log.write_text("\n".join(lines) + "\n")
    return log


def test_ingest_holds_lava_s_results_against_the_verdicts_and_escapes_what_it_shows(tree, tmp_path):
    """A log changed by hand: LAVA says one failing case passed, has no
    result for another, a result for a case name with terminal escapes, a
    case's output line with escapes, and a job LAVA failed with escapes in
    its message."""
    lines, escaped = [], False
    for line in records():
        if '"case": "mmap.fixture-claim-fails"' in line:
            line = line.replace('"result": "fail"', '"result": "pass"')
        if '"case": "mmap.len-zero-einval"' in line and '"lvl": "results"' in line:
            continue
        if '"case": "job"' in line:
            line = record("results", {"definition": "lava", "case": "job", "result": "fail",
                                      "error_type": "Test", "error_msg": "boom \x1b]0;owned\x07\x1b[2J"})
        if '"msg": "    # Totals: ' in line and not escaped:  # a comment of the first case's output
            line, escaped = record("target", "    # Totals: \x1b[31mred\x1b[0m \u202e"), True
        lines.append(line)
    lines.append(record("results", {"definition": "0_mmapcheck", "case": "x\x1b[2J.y", "result": "pass"}))
    proc, summary = ingest(tree, changed(lines, tmp_path), tmp_path / "reports")
    assert proc.returncode == 1, proc.stderr
    problems = " | ".join(summary["target_problems"])
    assert "LAVA's result differs from the verdict here for 1 case(s), e.g. mmap/fixture-claim-fails " \
           "(LAVA pass, here fail)" in problems
    assert "LAVA recorded no result for 1 case(s) the stream reports, e.g. mmap/len-zero-einval" in problems
    assert "LAVA failed the job ('Test: boom \\x1b]0;owned\\x07" in problems
    assert {c["id"]: c["verdict"] for c in summary["cases"]} == VERDICTS
    # ktap/ keeps each case's output raw, as a run's report does; the rest shows it escaped
    # (junit.xml only what XML forbids: a bidi override is text there)
    report = tmp_path / "reports" / "lava"
    for text in [proc.stdout, proc.stderr] + [(report / name).read_text()
                                              for name in ("summary.json", "report.md", "junit.xml")]:
        assert "\x1b" not in text and "\x07" not in text
    assert not any("\u202e" in text for text in (proc.stdout, proc.stderr, (report / "report.md").read_text()))


def test_ingest_of_a_job_log_cut_short_reports_the_cases_it_did_not_see_notrun(tree, tmp_path):
    lines = records()
    cut = next(i for i, line in enumerate(lines) if "# mmapcheck-case: mmap/fixture-hangs" in line)
    proc, summary = ingest(tree, changed(lines[:cut], tmp_path), tmp_path / "reports")
    assert proc.returncode == 1
    verdicts = {c["id"]: c["verdict"] for c in summary["cases"]}
    assert verdicts["mmap/fixture-hangs"] == "notrun" and verdicts["madvise/cold-hugetlb-einval"] == "skip"
    problems = " | ".join(summary["target_problems"])
    assert "no '# mmapcheck-done' marker" in problems and "the job had not finished" in problems


BROKEN = {  # a log spoilt at one line: what the one line of the refusal says
    "not-a-record": (lambda line: "console text", "not a LAVA log record"),
    "unknown-escape": (lambda line: line.replace('"lvl"', '"l\\qvl"'), "an unknown escape \\q"),
    "short-hex-escape": (lambda line: line.replace('"lvl"', '"l\\x4vl"'), "\\x escape without its 2 hex"),
    "no-character": (lambda line: line.replace('"lvl"', '"l\\U00110000vl"'), "is no character"),
    "cut-short": (lambda line: line[:len(line) // 2], "not a LAVA log record"),
    "text-after": (lambda line: line + " {}", "text after the record"),
    "no-msg": (lambda line: '{"dt": "x", "lvl": "info"}', "no lvl or msg field"),
    "deep": (lambda line: '{"dt": "x", "lvl": "results", "msg": ' + "[" * 50 + "]" * 50 + "}", "nested more than"),
    "plain-scalar": (lambda line: '{"dt": "x", "lvl": info, "msg": "x"}', "not a LAVA log record"),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_ingest_refuses_a_broken_lava_log_in_one_line(tree, tmp_path, name):
    spoil, says = BROKEN[name]
    lines = records()
    lines[100] = spoil(lines[100])
    proc, summary = ingest(tree, changed(lines, tmp_path), tmp_path / "reports")
    assert (proc.returncode, proc.stdout, summary) == (2, "", None)
    assert proc.stderr.count("\n") == 1 and "job.log:101: " in proc.stderr and says in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr


def test_ingest_refuses_a_lava_log_s_server_form_broken_in_one_line(tree, tmp_path):
    lines = server_form(tmp_path).read_text().splitlines()
    lines[5] = lines[5][2:]  # a line that is no item of the list
    proc, _ = ingest(tree, changed(lines, tmp_path), tmp_path / "reports")
    assert proc.returncode == 2 and "job.log:6: not a record of the log's '- ' list" in proc.stderr


def test_ingest_refuses_a_lava_log_line_longer_than_lava_writes(tree, tmp_path):
    lines = records()
    lines[3] = record("target", "x" * RECORD_LIMIT)
    proc, _ = ingest(tree, changed(lines, tmp_path), tmp_path / "reports")
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1
    assert f"job.log:4: a line longer than {RECORD_LIMIT} bytes" in proc.stderr


def test_ingest_refuses_a_lava_log_that_is_not_utf_8(tree, tmp_path):
    log = tmp_path / "job.log"
    log.write_bytes("\n".join(records()[:10]).encode() + b"\n" + record("target", "x").encode()[:-3] + b"\xff\"}\n")
    proc, _ = ingest(tree, log, tmp_path / "reports")
    assert proc.returncode == 2 and "job.log:11: byte " in proc.stderr and "not UTF-8" in proc.stderr


def test_a_40_mb_lava_log_is_read_in_bounded_memory(tree, tmp_path):
    """Console chatter and results for a few hundred thousand names that are
    no case, then the job's end: the reader keeps no more than the checkout's
    cases need."""
    lines = records()
    end = next(i for i, line in enumerate(lines) if '"case": "job"' in line)
    log = tmp_path / "big.log"
    with open(log, "w") as f:
        f.write("\n".join(lines[:end]) + "\n")
        for i in range(200_000):
            f.write(record("target", f"[ {i}.000000] console chatter {i:0100d}") + "\n")
            f.write(record("results", {"definition": "0_mmapcheck", "case": f"x.y{i}", "result": "pass",
                                       "measurement": "0.01", "units": "seconds"}) + "\n")
        f.write("\n".join(lines[end:]) + "\n")
    assert log.stat().st_size > 40e6
    # A parent of its own, so that the peak measured is this ingest's alone.
    measure = ("import resource, subprocess, sys\n"
               "p = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
               "print(p.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n")
    proc = subprocess.run([sys.executable, "-c", measure, sys.executable, str(tree / "runner.py"), "ingest",
                           str(log), "--platform", "big", "--reports", str(tmp_path / "r")],
                          capture_output=True, text=True, timeout=LONG_WAIT)
    returncode, peak_kib = map(int, proc.stdout.split())
    assert returncode == 1  # the tree's fail, xpass and errors
    assert peak_kib < 100 * 1024, f"{peak_kib} KiB for a {log.stat().st_size} byte log"
    summary = json.loads((tmp_path / "r" / "big" / "summary.json").read_text())
    assert {c["id"]: c["verdict"] for c in summary["cases"]} == VERDICTS and summary["target_problems"] == []


def test_ingest_does_not_follow_a_link_to_a_lava_log(tree, tmp_path):
    (tmp_path / "job.log").symlink_to(FIXTURES / "job.log")
    proc, summary = ingest(tree, tmp_path / "job.log", tmp_path / "reports")
    assert (proc.returncode, summary) == (2, None) and "a symbolic link, not followed" in proc.stderr


# lava-run itself.

def test_lava_runs_the_bundle_on_debian_6_1_with_runner_py_s_verdicts(tmp_path):
    """run-offline.sh as the README runs it (lava-run, the example job, the
    kernel:6.1-cloud target's kernel), then its log ingested: one LAVA
    result per case, each what the verdict maps to, and the verdicts those
    of `runner.py run --target kernel:6.1-cloud`."""
    if os.geteuid() != 0:
        pytest.skip("lava-run runs as root only")
    for program, package in {"lava-run": "lava-dispatcher", "git": "git", "musl-gcc": "musl-tools",
                             "qemu-system-x86_64": "qemu-system-x86"}.items():
        if not shutil.which(program):
            pytest.skip(f"needs {package}")
    if not (os.environ.get("SUPERMIN_KERNEL") or list(Path("/boot").glob("vmlinuz-*"))):
        pytest.skip("libguestfs (LAVA's overlay disk) boots its appliance with a kernel in /boot: "
                    "apt-get install linux-image-amd64")
    kernel_or_skip(LIVE_KERNEL, {})
    found = subprocess.run(["/usr/bin/python3", "-m", "mmapcheck.lava_ramdisk", "templates"], cwd=ROOT,
                           capture_output=True, text=True, timeout=LONG_WAIT)
    if found.returncode != 0:
        pytest.skip(f"lava-server's templates cannot be had: {found.stderr.strip()}")
    out = tmp_path / "lava"
    env = {**os.environ, "JOB_ID": str(os.getpid()), "PYTHON": sys.executable}
    env = {k: v for k, v in env.items() if k not in ("MAKELEVEL", "MAKEFLAGS", "MFLAGS")}
    proc = subprocess.run(["sh", str(LAVA / "run-offline.sh"), str(out)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=4 * LONG_WAIT)
    log = out / "job.log"
    tail = log.read_text(errors="replace")[-3000:] if log.exists() else "(no log)"
    assert proc.returncode == 0, proc.stdout + proc.stderr + tail
    print(proc.stdout, end="")  # LAVA's tally and its actions' times: pytest -s shows them
    from mmapcheck.ingest_lava import JobLog
    job = JobLog(None)
    with open(log, "rb") as f:
        job.read(f, str(log))
    assert job.job["result"] == "pass"
    proc, summary = ingest(ROOT, log, tmp_path / "reports", report_id="lava-6.1")
    assert proc.returncode == 0 and summary["target_problems"] == [], proc.stderr
    verdicts = {c["id"]: c["verdict"] for c in summary["cases"]}
    assert job.results == {cid: LAVA_RESULT_OF[v] for cid, v in verdicts.items()}
    native = run_suite(f"kernel:{LIVE_KERNEL}", tmp_path / "qemu")
    differ = [f"{c['id']}: {verdicts[c['id']]} under LAVA, {c['verdict']} under runner.py run"
              for c in native["cases"] if verdicts.get(c["id"]) != c["verdict"]]
    assert differ == [] and len(verdicts) == len(native["cases"]), "\n".join(differ)

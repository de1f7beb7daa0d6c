"""make install / make dist on a copy of the repository holding a handful of
cases (real ones for pass, skip and xfail, two fixtures that fail and crash):
the installed tree, its LTP runtest file, the installed runner under dash and
busybox sh ingested into the same verdicts as a native `runner.py run`, and
the stream read by the kernel's own KTAP parser (kunit_parser.py from
linux-source-6.1).

The machine may be loaded: runs of cases not about the timeout use a per-case
timeout far above what they need (GENEROUS), and waits are bounded by
LONG_WAIT, which only something hung reaches."""

import io
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REAL_CASES = ["mmap/len-zero-einval", "munmap/len-zero-einval",
              "madvise/cold-hugetlb-einval",             # skips: no huge page reserved
              "mmap/len-exceeds-address-space-einval",   # xfail: expected/linux
              "mmap/sync-without-validate-ignored"]      # xfail only on ext4: the scratch fs counts
FIXTURE_CASES = {
    "mmap/fixture-claim-fails": 'int main(void) { mc_begin(); mc_check(0, "the fixture claim"); '
                                "return mc_finish(); }",
    "mmap/fixture-crashes": "int main(void) { mc_begin(); *(volatile int *)0 = 1; return mc_finish(); }",
}
CASE_IDS = sorted(REAL_CASES + list(FIXTURE_CASES))
SHELLS = {"dash": ["dash"], "busybox": ["busybox", "sh"]}
LINUX_SOURCE = Path("/usr/src/linux-source-6.1.tar.xz")
SCRATCH = tempfile.gettempdir()  # where the native run's cases work too: same filesystem
GENEROUS = "600"  # -t for the runs whose cases are not about the timeout
LONG_WAIT = 900   # seconds a build or a whole run may take before the test calls it hung


def need(program):
    if not shutil.which(program):
        pytest.skip(f"{program} not found")


@pytest.fixture(scope="module")
def tree(tmp_path_factory):
    """A copy of the repository with only CASE_IDS, built with `make`."""
    need("cc")
    root = tmp_path_factory.mktemp("repo")
    for name in ("Makefile", "runner.sh", "runner-printer.awk", "runner.py"):
        shutil.copy(ROOT / name, root)
    for d in ("mmapcheck", "harness", "bundle"):
        shutil.copytree(ROOT / d, root / d, ignore=shutil.ignore_patterns("__pycache__"))
    (root / "expected").mkdir()
    for path in (ROOT / "expected").iterdir():
        if path.is_file():
            (root / "expected" / path.name).write_text(entries_of(path.read_text(), CASE_IDS))
    (root / "cases").mkdir()
    for vocabulary in (ROOT / "cases").glob("[A-Z]*"):
        shutil.copy(vocabulary, root / "cases" / vocabulary.name)
    for cid in REAL_CASES:
        (root / "cases" / cid).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / "cases" / f"{cid}.c", root / "cases" / f"{cid}.c")
    for cid, body in FIXTURE_CASES.items():
        (root / "cases" / f"{cid}.c").write_text(
            f"/*\n * Claim: {cid} is a test fixture.\n * Source: tests/test_bundle.py\n * Tags: mmap\n */\n"
            f'#include "mmapcheck.h"\n{body}\n')
    make(root)
    return root


def entries_of(text, case_ids):
    """An expected/ file's text with only the entries of these cases: an entry
    is a `<id>:` line and the indented lines after it."""
    kept, keep = [], True
    for line in text.splitlines():
        if line and not line[0].isspace() and not line.startswith("#"):
            keep = line.rstrip().rstrip(":") in case_ids
        if keep:
            kept.append(line)
    return "\n".join(kept) + "\n"


def make(root, *args, program="make"):
    # As from a shell: under `make test` the inherited MAKELEVEL would make GNU
    # make announce its directory on stdout, and MAKEFLAGS would carry the outer flags.
    env = {k: v for k, v in os.environ.items() if k not in ("MAKELEVEL", "MAKEFLAGS", "MFLAGS")}
    proc = subprocess.run([program, *args], cwd=root, capture_output=True, text=True, timeout=LONG_WAIT,
                          env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout


@pytest.fixture(scope="module")
def installed(tree, tmp_path_factory):
    destdir = tmp_path_factory.mktemp("destdir")
    make(tree, "install", f"DESTDIR={destdir}", "PREFIX=/usr")
    return destdir


@pytest.fixture(scope="module")
def native(tree, tmp_path_factory):
    """`runner.py run` of every case of the tree: {id: verdict}."""
    reports = tmp_path_factory.mktemp("native")
    subprocess.run([sys.executable, str(tree / "runner.py"), "run", "--reports", str(reports)],
                   capture_output=True, text=True, timeout=LONG_WAIT)
    summary = json.loads(next(reports.glob("*/summary.json")).read_text())
    return {c["id"]: c["verdict"] for c in summary["cases"]}


@pytest.fixture(scope="module")
def logs(installed):
    """The installed runner's stream under each shell, run together: {shell: text}."""
    runner = installed / "usr" / "bin" / "mmapcheck-run"
    procs = {name: subprocess.Popen(argv + [str(runner), "-j", "2", "-t", GENEROUS, "-s", SCRATCH],
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for name, argv in SHELLS.items() if shutil.which(argv[0])}
    return {name: p.communicate(timeout=LONG_WAIT)[0] for name, p in procs.items()}


def ingest(tree, text, report_id, tmp_path):
    proc = subprocess.run([sys.executable, str(tree / "runner.py"), "ingest", "-", "--platform", report_id,
                           "--reports", str(tmp_path)], input=text, capture_output=True, text=True,
                          timeout=LONG_WAIT)
    assert proc.returncode in (0, 1), proc.stderr
    summary = json.loads((tmp_path / report_id / "summary.json").read_text())
    return summary


def test_install_puts_cases_runner_wrappers_and_runtest_file_under_prefix(installed):
    usr = installed / "usr"
    assert sorted(p.relative_to(usr).as_posix() for p in usr.rglob("*") if p.is_file()) == sorted(
        ["bin/mmapcheck-run", "bin/mmapcheck-ltp", "libexec/mmapcheck/runner.sh", "libexec/mmapcheck/runner-printer.awk",
         "libexec/mmapcheck/cases/platform-info", "libexec/mmapcheck/cases/run-lane",
         "libexec/mmapcheck/ltp/runtest/mmapcheck", "libexec/mmapcheck/ltp/testcases/bin/mmapcheck-ltp"]
        + [f"libexec/mmapcheck/cases/{cid}" for cid in CASE_IDS]
        + [f"libexec/mmapcheck/expected/{p.name}" for p in (ROOT / "expected").iterdir() if p.is_file()])
    for name in ("runner.sh", "runner-printer.awk"):
        assert (usr / "libexec/mmapcheck" / name).read_bytes() == (ROOT / name).read_bytes()
    assert "\nmmap/len-exceeds-address-space-einval:\n" in (usr / "libexec/mmapcheck/expected/linux").read_text()
    for p in usr.rglob("*"):
        # programs: every file but the data (runtest, expected/, the printer's awk -f program)
        if p.is_file() and "runtest" not in p.parts and "expected" not in p.parts and p.name != "runner-printer.awk":
            assert p.stat().st_mode & 0o111, p


def test_bmake_installs_the_same_tree(tree, installed, tmp_path):
    need("bmake")
    make(tree, "install", f"DESTDIR={tmp_path}", "PREFIX=/usr", program="bmake")
    files = lambda root: {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}
    assert files(tmp_path) == files(installed)


def test_install_refuses_a_tree_not_built(tree, tmp_path):
    (tree / "cases" / "mmap" / "not-built-yet.c").write_text("int main(void) { return 0; }\n")
    try:
        proc = subprocess.run(["make", "install", f"DESTDIR={tmp_path}"], cwd=tree,
                              capture_output=True, text=True, timeout=LONG_WAIT)
    finally:
        (tree / "cases" / "mmap" / "not-built-yet.c").unlink()
    assert proc.returncode != 0
    assert "make install: build/mmap/not-built-yet is not built: run make first" in proc.stderr


def test_runtest_file_is_ltp_syntax_and_its_commands_exist(installed):
    """The command is named bare, as in LTP's own runtest files: kirk finds it
    in $LTPROOT/testcases/bin, on its PATH (tests/test_kirk.py runs it so)."""
    ltp_root = installed / "usr/libexec/mmapcheck/ltp"
    text = (ltp_root / "runtest/mmapcheck").read_text()
    entries = [line.split() for line in text.splitlines() if line.strip() and not line.startswith("#")]
    tags = [e[0] for e in entries]
    assert len(tags) == len(set(tags)) == len(CASE_IDS)
    for tag, command, *args in entries:
        assert re.fullmatch(r"[A-Za-z0-9_-]+", tag), tag
        assert command == "mmapcheck-ltp" and (ltp_root / "testcases/bin" / command).is_file()
        assert args and (installed / "usr/libexec/mmapcheck/cases" / args[0]).is_file()
    assert sorted(e[2] for e in entries) == CASE_IDS


@pytest.mark.parametrize("case_id, ltp_status", [("mmap/len-zero-einval", 0), ("mmap/fixture-claim-fails", 1),
                                                 ("madvise/cold-hugetlb-einval", 32),  # TCONF
                                                 ("mmap/fixture-crashes", 2)])         # TBROK
def test_ltp_adapter_gives_ltp_exit_codes_and_cleans_up(installed, tmp_path, case_id, ltp_status):
    proc = subprocess.run(["sh", str(installed / "usr/bin/mmapcheck-ltp"), case_id], capture_output=True,
                          text=True, timeout=LONG_WAIT, env={"PATH": "/usr/bin:/bin", "TMPDIR": str(tmp_path),
                                                             "LTP_TIMEOUT_MUL": "60"})  # 600 s
    assert proc.returncode == ltp_status, proc.stdout
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("args", [[], ["mmap/len-zero-einval", "munmap/len-zero-einval"], ["../cases/platform-info"],
                                  ["mmap/len-zero-einval/"], ["/mmap/len-zero-einval"], ["Mmap/x"], [""],
                                  ["mmap/x\n# mmapcheck-done"]])
def test_ltp_adapter_refuses_what_is_no_case_id(installed, tmp_path, args):
    proc = subprocess.run(["sh", str(installed / "usr/bin/mmapcheck-ltp"), *args], capture_output=True,
                          text=True, timeout=LONG_WAIT, env={"PATH": "/usr/bin:/bin", "TMPDIR": str(tmp_path)})
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr.startswith("usage: mmapcheck-ltp CASE_ID") and proc.stderr.count("\n") == 1
    assert list(tmp_path.iterdir()) == []


def test_ltp_adapter_runs_the_case_without_core_dumps(installed, tmp_path):
    """A case run by mmapcheck-ltp sees a soft core-size limit of 0, though
    its caller allowed core dumps."""
    need("cc")
    if resource.getrlimit(resource.RLIMIT_CORE)[1] == 0:
        pytest.skip("the hard core-size limit is 0 here: nothing to lower")
    usr = tmp_path / "usr"
    shutil.copytree(installed / "usr", usr)
    src = tmp_path / "core.c"
    src.write_text("#include <stdio.h>\n#include <sys/resource.h>\nint main(void) { struct rlimit r; "
                   "getrlimit(RLIMIT_CORE, &r); printf(\"KTAP version 1\\n1..1\\n%sok 1 mmap/core-limit\\n\", "
                   "r.rlim_cur == 0 ? \"\" : \"not \"); return r.rlim_cur == 0 ? 0 : 1; }\n")
    subprocess.run(["cc", "-o", str(usr / "libexec/mmapcheck/cases/mmap/core-limit"), str(src)], check=True)
    hard = resource.getrlimit(resource.RLIMIT_CORE)[1]
    proc = subprocess.run(["sh", str(usr / "bin/mmapcheck-ltp"), "mmap/core-limit"], capture_output=True,
                          text=True, timeout=LONG_WAIT, env={"PATH": "/usr/bin:/bin", "TMPDIR": str(tmp_path),
                                                             "LTP_TIMEOUT_MUL": "60"},
                          preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_CORE, (hard, hard)))
    assert proc.returncode == 0, proc.stdout


@pytest.mark.parametrize("args", [["-t", "99999999999999999999"], ["-j", "0"], ["-x"], ["-t"],
                                  ["mmap/len-zero-einval", "../x"]])
def test_installed_runner_refuses_bad_arguments_in_one_line(installed, tmp_path, args):
    proc = subprocess.run(["sh", str(installed / "usr/bin/mmapcheck-run"), "-s", str(tmp_path), *args],
                          capture_output=True, text=True, timeout=LONG_WAIT)
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr.startswith("usage: ") and proc.stderr.count("\n") == 1, proc.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("shell", SHELLS)
def test_installed_runner_log_ingests_into_the_native_verdicts(tree, native, logs, shell, tmp_path):
    if shell not in logs:
        pytest.skip(f"{SHELLS[shell][0]} not found")
    summary = ingest(tree, logs[shell], f"installed-{shell}", tmp_path)
    assert {c["id"]: c["verdict"] for c in summary["cases"]} == native
    assert set(native.values()) == {"pass", "fail", "error", "skip", "xfail"}
    # What the bundle itself concluded (its ok lines) is the native runner's verdict.
    assert {c["id"]: c["runner_verdict"] for c in summary["cases"]} == native
    assert summary["complete"] and summary["target_problems"] == []
    assert summary["platform"]["tmpdir_fs"] not in ("", "unknown")


def test_installed_runner_under_busybox_runs_named_cases(installed):
    need("busybox")
    proc = subprocess.run(["busybox", "sh", str(installed / "usr/bin/mmapcheck-run"), "-t", GENEROUS,
                           "mmap/len-zero-einval", "madvise/cold-hugetlb-einval"],
                          capture_output=True, text=True, timeout=LONG_WAIT)
    lines = proc.stdout.splitlines()
    assert proc.returncode == 0 and "1..2" in lines and lines[-1] == "# mmapcheck-done"
    oks = [l for l in lines if l.startswith("ok ")]
    assert oks[0] == "ok 1 mmap/len-zero-einval" and len(oks) == 2
    assert oks[1].startswith("ok 2 madvise/cold-hugetlb-einval # SKIP no ")  # with the case's reason


def test_dist_tarball_unpacks_into_a_runnable_bundle(tree, tmp_path):
    name = make(tree, "dist").strip().splitlines()[-1]
    assert re.fullmatch(r"build/mmapcheck-unknown-linux-[a-z0-9_]+\.tar\.gz", name), name
    with tarfile.open(tree / name) as tar:
        tar.extractall(tmp_path)
    (bundle,) = tmp_path.iterdir()
    assert bundle.name == Path(name).name[:-len(".tar.gz")]
    runtest = (bundle / "libexec/mmapcheck/ltp/runtest/mmapcheck").read_text()
    assert "\nmmap_len-zero-einval mmapcheck-ltp mmap/len-zero-einval\n" in runtest
    proc = subprocess.run([str(bundle / "bin/mmapcheck-run"), "-t", GENEROUS, "mmap/len-zero-einval"],
                          capture_output=True, text=True, timeout=LONG_WAIT, cwd=tmp_path)
    assert "ok 1 mmap/len-zero-einval" in proc.stdout.splitlines() and proc.stdout.endswith("# mmapcheck-done\n")


# The kernel's KTAP parser, tools/testing/kunit/kunit_parser.py (and the one
# module it imports, kunit_printer.py), from Debian's linux-source-6.1.

@pytest.fixture(scope="module")
def kunit_parser(tmp_path_factory):
    if not LINUX_SOURCE.is_file():
        pytest.skip(f"no {LINUX_SOURCE}: apt-get install linux-source-6.1")
    need("tar")
    out = tmp_path_factory.mktemp("kunit")
    subprocess.run(["tar", "-xJf", str(LINUX_SOURCE), "-C", str(out), "--strip-components=4",
                    "--wildcards", "*/tools/testing/kunit/kunit_parser.py",
                    "*/tools/testing/kunit/kunit_printer.py"], check=True, timeout=LONG_WAIT)
    sys.path.insert(0, str(out))
    try:
        import kunit_parser
    finally:
        sys.path.remove(str(out))
    return kunit_parser


def kernel_parse(parser, text):
    """The parser's Test and what it printed (its messages: "[ERROR] ...")."""
    printed = io.StringIO()
    printer = parser.stdout  # kunit_printer's Printer, bound to sys.stdout at import
    saved, printer._output, printer._use_color = printer._output, printed, False
    try:
        test = parser.parse_run_tests(text.splitlines(keepends=True))
    finally:
        printer._output = saved
    return test, printed.getvalue()


@pytest.mark.parametrize("case_id, status, counts", [
    ("mmap/len-zero-einval", "SUCCESS", (1, 0, 0)),
    ("mmap/fixture-claim-fails", "FAILURE", (0, 1, 0)),
    pytest.param("madvise/cold-hugetlb-einval", "SKIPPED", (0, 0, 1), marks=pytest.mark.xfail(
        strict=True, reason="kunit_parser (6.1) reads no result line without a name: kselftest's "
                            "'ok 1 # SKIP reason' is a missing subtest to it"))])
def test_kernel_ktap_parser_reads_one_case_s_output(kunit_parser, tree, case_id, status, counts):
    out = subprocess.run([str(tree / "build" / case_id)], capture_output=True, text=True,
                         cwd=SCRATCH, timeout=LONG_WAIT).stdout
    test, printed = kernel_parse(kunit_parser, out)
    c = test.counts
    assert (test.status.name, (c.passed, c.failed, c.skipped), c.crashed, c.errors) == (status, counts, 0, 0), printed


def test_kernel_ktap_parser_reads_the_combined_stream(kunit_parser, logs):
    """Every case is one subtest named by its id, with the status of its ok
    line (the skipped case's too: the runner names kselftest's unnamed "ok 1 #
    SKIP reason"), but where its own plan is not met: the fixture that crashed
    after printing "1..1" is CRASHED with "missing expected subtest!", and the
    cases after it are unharmed."""
    if "busybox" not in logs:
        pytest.skip("busybox not found")
    text = logs["busybox"]
    test, printed = kernel_parse(kunit_parser, text)
    assert test.expected_count == len(CASE_IDS)
    expected = {}
    for line in text.splitlines():
        m = re.match(r"^(not ok|ok) \d+ (\S+)(?: # (\w+))?", line)
        if m:
            expected[m.group(2)] = ("SKIPPED" if m.group(3) == "SKIP" else "SUCCESS" if m.group(1) == "ok"
                                    else "FAILURE")
    assert sorted(expected) == CASE_IDS
    plan_not_met = ["mmap/fixture-crashes"]
    expected.update({cid: "TEST_CRASHED" for cid in plan_not_met})
    assert {t.name: t.status.name for t in test.subtests} == expected, printed
    assert sorted(t.name for t in test.subtests if t.counts.errors) == plan_not_met
    assert re.findall(r"\[ERROR\] Test: (\S+): (.*)", printed) == \
        [(cid, "missing expected subtest!") for cid in sorted(plan_not_met, key=list(expected).index)]
    assert (test.counts.errors, test.counts.crashed) == (1, 1)
    assert "Expected test number" not in printed


@pytest.fixture(scope="module")
def kunit_tool(tmp_path_factory):
    """The kernel's kunit.py, in tools/testing/kunit/ of an extracted tree (it
    finds the tree's root by that path)."""
    if not LINUX_SOURCE.is_file():
        pytest.skip(f"no {LINUX_SOURCE}: apt-get install linux-source-6.1")
    out = tmp_path_factory.mktemp("linux")
    subprocess.run(["tar", "-xJf", str(LINUX_SOURCE), "-C", str(out), "--strip-components=1",
                    "--wildcards", "*/tools/testing/kunit/*.py"], check=True, timeout=LONG_WAIT)
    return out / "tools/testing/kunit/kunit.py"


def test_kunit_py_parse_finds_no_failure_in_a_conforming_run(kunit_tool, installed, tmp_path):
    """The real cases on this (conforming) kernel, two of them documented
    deviations: `kunit.py parse` counts passes and a skip, no failure, and
    exits 0, because the bundle sends a deviation's own result as kselftest
    marks an expected failure."""
    need("dash")
    log = tmp_path / "ktap.log"
    with open(log, "w") as f:
        subprocess.run(["dash", str(installed / "usr/bin/mmapcheck-run"), "-t", GENEROUS, "-s", SCRATCH,
                        *REAL_CASES], stdout=f, check=True, timeout=LONG_WAIT)
    assert log.read_text().count(" # XFAIL ") >= 2  # one nested, one top-level line per deviation
    proc = subprocess.run([sys.executable, str(kunit_tool), "parse", str(log)], capture_output=True,
                          text=True, timeout=LONG_WAIT, cwd=tmp_path)
    summary = proc.stdout.splitlines()[-1]
    assert re.search(r"Testing complete\. Ran 5 tests: passed: 4, skipped: 1$", summary), proc.stdout
    assert proc.returncode == 0


def test_kernel_ktap_parser_reads_a_runner_stream_of_crashes_and_timeouts(kunit_parser, tmp_path):
    """Cases that die before their plan or their result: the stream names
    them with "# Subtest:" and the parser reads each as one failed subtest."""
    need("cc")
    need("dash")
    bodies = {"x/no-plan": 'puts("KTAP version 1"); fflush(stdout); abort();',
              "x/plan-no-result": 'puts("KTAP version 1\\n1..1"); fflush(stdout); abort();',
              "x/hangs": 'puts("KTAP version 1\\n1..1"); fflush(stdout); for (;;) pause();',
              "x/passes": 'puts("KTAP version 1\\n1..1\\nok 1 x/passes"); return 0;'}
    for cid, body in bodies.items():
        (tmp_path / "cases" / cid).parent.mkdir(parents=True, exist_ok=True)
        src = tmp_path / (cid.replace("/", "_") + ".c")
        src.write_text("#include <stdio.h>\n#include <stdlib.h>\n#include <unistd.h>\n"
                       "int main(void) { " + body + " }\n")
        subprocess.run(["cc", "-o", str(tmp_path / "cases" / cid), str(src)], check=True)
    subprocess.run(["cc", "-O2", "-o", str(tmp_path / "cases" / "run-lane"), str(ROOT / "harness" / "run-lane.c")],
                   check=True)
    # -t 5: x/hangs must time out; the others must not, however busy the machine.
    text = subprocess.run(["dash", str(ROOT / "runner.sh"), "-j", "4", "-t", "5", "-s", str(tmp_path),
                           str(tmp_path / "cases")], capture_output=True, text=True, timeout=LONG_WAIT).stdout
    test, printed = kernel_parse(kunit_parser, text)
    assert {t.name: t.status.name for t in test.subtests} == {
        "x/no-plan": "FAILURE", "x/hangs": "TEST_CRASHED", "x/plan-no-result": "TEST_CRASHED",
        "x/passes": "SUCCESS"}, printed
    assert "Expected test number" not in printed and test.expected_count == 4


def test_ci_example_wires_kernels_a_bsd_vm_ingest_and_compare():
    yaml = pytest.importorskip("yaml", reason="no PyYAML: apt-get install python3-yaml")
    workflow = yaml.safe_load((ROOT / "docs" / "ci-example.yml").read_text())
    jobs = workflow["jobs"]
    targets = [m["target"] for m in jobs["linux"]["strategy"]["matrix"]["include"]]
    assert "native" in targets and sum(t.startswith("kernel:") for t in targets) >= 2
    assert any('make check TARGET="${{ matrix.target }}"' in s.get("run", "") for s in jobs["linux"]["steps"])
    vm = next(s for s in jobs["freebsd"]["steps"] if s.get("uses", "").startswith("vmactions/freebsd-vm"))
    assert "make install" in vm["with"]["run"] and "sh /tmp/stage/usr/local/bin/mmapcheck-run" in vm["with"]["run"]
    runs = " ".join(s.get("run", "") for s in jobs["compare"]["steps"])
    assert "runner.py ingest artifacts/ktap-freebsd/" in runs and "runner.py compare reports/*" in runs
    assert jobs["compare"]["needs"] == ["linux", "freebsd"]

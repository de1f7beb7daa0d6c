"""runner.sh judges each case as mmapcheck/suite.py does: its ok line is the
verdict (pass, skip, xfail, fail, xpass, error) against the entries of
DIR/../expected/<os> that apply to the platform, so that every engine
reading the bundle's stream (kirk, LAVA, the kernel's KTAP parser) sees the
documented deviations as known.  Tiny C cases cover each branch of the
verdict table and each bound of an entry; the Python runner's own functions
classify the same executions, and both must agree case by case."""

import re
import shutil
import subprocess
import types

import pytest

from mmapcheck.expected import load_expected
from mmapcheck.stream import parse_stream
from mmapcheck.suite import CaseRun, Suite
from test_runner_sh import LONG_WAIT, RUNNER, SHELLS, build_run_lane, have

KTAP = r'puts("KTAP version 1\n1..1\n'
CASES = {  # id: (body, verdict runner.sh and suite.py must both give)
    "mmap/conforms": (KTAP + r'ok 1 mmap/conforms"); return 0;', "pass"),
    "mmap/not-here": (KTAP + r'ok 1 # SKIP no such flag"); return 4;', "skip"),
    "mmap/breaks": (KTAP + r'not ok 1 mmap/breaks"); return 1;', "fail"),
    "mmap/documented": (KTAP + r'# check failed: errno=ENOMEM\nnot ok 1 mmap/documented"); return 1;',
                        "xfail"),
    "mmap/documented-broken": (KTAP + r'not ok 1 mmap/documented-broken # error mmap() failed: EINVAL");'
                               r' return 1;', "xfail"),
    "mmap/stale": (KTAP + r'ok 1 mmap/stale"); return 0;', "xpass"),
    "mmap/stale-error-entry": (KTAP + r'not ok 1 mmap/stale-error-entry"); return 1;', "xpass"),
    # A documented deviation is the case's own report, never a crash or a leftover.
    "mmap/documented-crash": (r'puts("KTAP version 1"); fflush(stdout); *(volatile int *)0 = 1; return 0;',
                              "error"),
    "mmap/documented-litter": (r'fclose(fopen("junk", "w")); ' + KTAP + r'not ok 1 mmap/documented-litter");'
                               r' return 1;', "error"),
    "mmap/documented-wrong-exit": (KTAP + r'not ok 1 mmap/documented-wrong-exit"); return 0;', "error"),
    # Against an entry of outcome error too: a crash is no report of a set-up
    # call (error), while a broken set-up stays one whatever it left (xfail).
    "mmap/error-entry-crash": (r'puts("KTAP version 1"); fflush(stdout); *(volatile int *)0 = 1; return 0;',
                               "error"),
    "mmap/error-entry-broken-litter": (r'fclose(fopen("junk", "w")); ' + KTAP +
                                       r'not ok 1 mmap/error-entry-broken-litter # error x failed"); return 1;',
                                       "xfail"),
    "mmap/broken-not-documented": (KTAP + r'not ok 1 mmap/broken-not-documented # error x failed");'
                                   r' return 1;', "error"),
    # Bounds of an entry: release (since/before, a stable backport), machine,
    # page size, C library, filesystem.
    "mmap/since-later": (KTAP + r'not ok 1 mmap/since-later"); return 1;', "fail"),
    "mmap/before-later": (KTAP + r'not ok 1 mmap/before-later"); return 1;', "xfail"),
    "mmap/backport-here": (KTAP + r'not ok 1 mmap/backport-here"); return 1;', "xfail"),
    "mmap/backport-elsewhere": (KTAP + r'not ok 1 mmap/backport-elsewhere"); return 1;', "fail"),
    "mmap/other-machine": (KTAP + r'not ok 1 mmap/other-machine"); return 1;', "fail"),
    "mmap/this-machine-and-page": (KTAP + r'not ok 1 mmap/this-machine-and-page"); return 1;', "xfail"),
    "mmap/other-libc": (KTAP + r'not ok 1 mmap/other-libc"); return 1;', "fail"),
    "mmap/other-fs": (KTAP + r'not ok 1 mmap/other-fs"); return 1;', "fail"),
    "mmap/skip-despite-entry": (KTAP + r'ok 1 # SKIP not here"); return 4;', "skip"),
}
PLATFORM = "os=TestOS\nrelease=1.2.7-test\nmachine=testmachine\npage_size=8192\nlibc=musl-1.2.4\n"
EXPECTED = """\
# entries as expected/linux spells them
mmap/documented:
    outcome: fail
    reason: the kernel says ENOMEM \x1b[31m here
    cite: mm/mmap.c, "quoted"

mmap/documented-broken:
    outcome: error
    reason: a set-up call is refused
    cite: somewhere
{plain}
mmap/since-later:
    outcome: fail
    reason: r
    cite: c
    since: 1.3
mmap/before-later:
    outcome: fail
    reason: r
    cite: c
    before: 1.3
mmap/backport-here:
    outcome: fail
    reason: r
    cite: c
    since: 1.2.5 1.4
mmap/backport-elsewhere:
    outcome: fail
    reason: r
    cite: c
    since: 1.1.2 1.4
mmap/other-machine:
    outcome: fail
    reason: r
    cite: c
    machine: x86_64 aarch64
mmap/this-machine-and-page:
    outcome: fail
    reason: r
    cite: c
    machine: aarch64 testmachine
    page_size: 4096 8192
mmap/other-libc:
    outcome: fail
    reason: r
    cite: c
    libc: glibc
mmap/other-fs:
    outcome: fail
    reason: r
    cite: c
    filesystem: nosuchfs
"""
PLAIN = ["mmap/stale", "mmap/documented-crash", "mmap/documented-litter", "mmap/documented-wrong-exit",
         "mmap/skip-despite-entry"]


@pytest.fixture(scope="module")
def tree(tmp_path_factory):
    """ROOT/cases/<id>, ROOT/cases/platform-info and ROOT/expected/testos."""
    if not shutil.which("cc"):
        pytest.skip("no C compiler: apt-get install gcc")
    root = tmp_path_factory.mktemp("verdicts")
    src, cases = root / "src", root / "cases"
    src.mkdir()
    for case_id, (body, _) in CASES.items():
        c = src / (case_id.replace("/", "_") + ".c")
        c.write_text("#include <stdio.h>\nint main(void) { " + body + " }\n")
        (cases / case_id).parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(["cc", "-o", str(cases / case_id), str(c)], check=True)
    build_run_lane(cases)
    info = cases / "platform-info"
    info.write_text("#!/bin/sh\nprintf '" + PLATFORM.replace("\n", "\\n") + "'\n")
    info.chmod(0o755)
    plain = "".join(f"\n{cid}:\n    outcome: fail\n    reason: r\n    cite: c\n" for cid in PLAIN)
    plain += "".join(f"\n{cid}:\n    outcome: error\n    reason: r\n    cite: c\n"
                     for cid in ("mmap/stale-error-entry", "mmap/error-entry-crash",
                                 "mmap/error-entry-broken-litter"))
    (root / "expected").mkdir()
    (root / "expected" / "testos").write_text(EXPECTED.format(plain=plain))
    return root


def run(tree, shell, jobs="2"):
    proc = subprocess.run(SHELLS[shell] + [str(RUNNER), "-j", jobs, "-t", "60", "-s", str(tree),
                                           str(tree / "cases")],
                          capture_output=True, text=True, timeout=LONG_WAIT, cwd=tree)
    assert (proc.returncode, proc.stderr) == (0, ""), proc.stderr
    return proc.stdout


def python_verdicts(tree, stream):
    """What mmapcheck/suite.py concludes of the same executions."""
    plat = dict(stream.platform, tmpdir_fs=stream.scratch.get("fs"))
    suite = Suite.__new__(Suite)
    suite.expectations = load_expected(plat, set(CASES), tree / "expected")
    return {cid: suite.classify(CaseRun(types.SimpleNamespace(id=cid)), ex, None, None, None).verdict
            for cid, ex in stream.executions.items()}


@pytest.mark.parametrize("shell", list(SHELLS))
def test_runner_sh_judges_each_case_as_the_python_runner_does(tree, shell):
    if not have(shell):
        pytest.skip(f"no {shell}")
    out = run(tree, shell)
    stream = parse_stream(out)
    assert stream.done and stream.problems == [] and sorted(stream.executions) == sorted(CASES)
    assert "# mmapcheck-judged: expected=testos\n" in out
    runner = {cid: ex.runner_verdict for cid, ex in stream.executions.items()}
    assert runner == {cid: verdict for cid, (_, verdict) in CASES.items()}
    assert python_verdicts(tree, stream) == runner


def test_an_xfail_line_carries_the_reason_and_citation_and_the_case_s_own_line(tree):
    out = run(tree, "dash", jobs="1")
    line = next(x for x in out.splitlines() if re.match(r"ok \d+ mmap/documented #", x))
    # A control character of the entry is no terminal escape in the stream.
    assert line.endswith(' # XFAIL the kernel says ENOMEM ?[31m here (cite: mm/mmap.c, "quoted")')
    block = out.split("# mmapcheck-case: mmap/documented\n", 1)[1].split("# mmapcheck-exit:", 1)[0]
    assert block.splitlines()[-2:] == ["    # mmapcheck-was: not ok 1 mmap/documented",
                                       "    ok 1 mmap/documented # XFAIL the kernel says ENOMEM ?[31m here"]
    # The reader gets the case's output back as the case printed it.
    ex = parse_stream(out).executions
    assert ex["mmap/documented"].stdout == ("KTAP version 1\n1..1\n# check failed: errno=ENOMEM\n"
                                            "not ok 1 mmap/documented\n")
    assert ex["mmap/documented-broken"].stdout.endswith(
        "not ok 1 mmap/documented-broken # error mmap() failed: EINVAL\n")
    assert re.search(r"^not ok \d+ mmap/stale # XPASS passed, but expected/ lists fail \(r\): stale entry$",
                     out, re.M)
    assert re.search(r"^not ok \d+ mmap/documented-litter # error left files behind: junk$", out, re.M)


def test_without_an_expected_file_nothing_is_a_known_deviation(tree, tmp_path):
    shutil.copytree(tree / "cases", tmp_path / "cases", symlinks=True)
    out = run(tmp_path, "dash")
    assert "# mmapcheck-judged: expected=none\n" in out and "XFAIL" not in out
    runner = {cid: ex.runner_verdict for cid, ex in parse_stream(out).executions.items()}
    assert runner["mmap/documented"] == "fail" and runner["mmap/stale"] == "pass"


def test_an_expected_file_that_is_a_symbolic_link_is_not_read(tree, tmp_path):
    shutil.copytree(tree / "cases", tmp_path / "cases", symlinks=True)
    (tmp_path / "expected").mkdir()
    (tmp_path / "expected" / "testos").symlink_to(tree / "expected" / "testos")
    out = run(tmp_path, "dash")
    assert "# mmapcheck-judged: expected=none\n" in out and "XFAIL" not in out


def test_on_this_machine_the_bundle_s_verdicts_are_the_runner_s_for_every_case(root_run, tmp_path):
    """The whole suite through runner.sh (the checkout's build and expected/),
    then the same stream classified by `runner.py ingest`: the verdict of
    every case agrees, so that the bundle marks exactly the documented
    deviations the runner does.  (The kernel target's run checks the same in
    a guest: tests/test_targets_live.py.)"""
    from mmapcheck.cases import collect
    from mmapcheck.ingest import ingest
    work, _ = root_run
    proc = subprocess.run(["sh", str(RUNNER), "-j", "2", "-t", "600", "-s", str(tmp_path), str(work / "build")],
                          capture_output=True, text=True, timeout=LONG_WAIT, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "# mmapcheck-judged: expected=linux\n" in proc.stdout
    suite, complete, _ = ingest(proc.stdout, "bundle")
    assert complete and suite.target_problems == [] and len(suite.runs) == len(collect())
    differ = {r.case.id: (r.verdict, r.runner_verdict) for r in suite.runs if r.verdict != r.runner_verdict}
    assert differ == {}
    assert {"pass", "xfail"} <= {r.verdict for r in suite.runs}

"""The command line, on a sandbox copy of the repository: single cases by name,
unknown names, bad options, files left behind, build errors, and reports."""

import json
import xml.etree.ElementTree as ET

import mmapcheck
from mmapcheck import cases


def test_unknown_case_exits_2_with_the_closest_ids(sandbox):
    proc = sandbox.run("run", "mmap/len-zero-eniva")
    assert proc.returncode == 2
    assert proc.stderr.startswith("runner.py: no case matches 'mmap/len-zero-eniva'; "
                                  "closest: mmap/len-zero-einval")  # the closest first


def test_a_glob_that_matches_nothing_exits_2(sandbox):
    proc = sandbox.run("run", "nosuchcall/*")
    assert proc.returncode == 2 and "no case matches 'nosuchcall/*'" in proc.stderr


def test_a_timeout_that_is_not_positive_exits_2(sandbox):
    proc = sandbox.run("run", "--timeout", "0", "mmap/len-zero-einval")
    assert proc.returncode == 2 and "--timeout must be a positive number" in proc.stderr


def test_one_case_by_name_runs_alone_and_writes_no_platform_report(sandbox):
    proc = sandbox.run("run", "mmap/len-zero-einval")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    lines = [l for l in proc.stdout.splitlines() if l.startswith(("PASS", "FAIL", "ERROR"))]
    assert lines == ["PASS   mmap/len-zero-einval" + " " * 31 + "errno=EINVAL"]
    assert "1 passed, 0 failed" in proc.stdout
    assert not (sandbox.root / "reports").exists()


def test_list_json_gives_every_case_with_its_metadata(sandbox):
    proc = sandbox.run("list", "--json")
    listed = {c["id"]: c for c in json.loads(proc.stdout)}
    assert set(listed) == {c.id for c in cases.collect()}
    entry = listed["mmap/len-zero-einval"]
    assert entry["claim"].endswith("fails with EINVAL.")
    assert entry["sources"] and "errno" in entry["tags"]


def test_a_case_that_does_not_compile_is_an_error_for_that_case_only(sandbox):
    sandbox.add_case("mmap/zz-does-not-compile", "int main(void) { return nope; }")
    proc = sandbox.run("run", "mmap/zz-*", "mmap/len-zero-einval")
    assert proc.returncode == 1
    assert "ERROR  mmap/zz-does-not-compile" in proc.stdout
    assert "does not build:" in proc.stdout
    assert "PASS   mmap/len-zero-einval" in proc.stdout


def test_a_case_that_leaves_files_behind_is_an_error(sandbox):
    sandbox.add_case("mmap/zz-litters", "int main(void) { mc_begin();\n"
                     "  close(open(\"litter\", O_CREAT | O_WRONLY, 0600));\n"
                     "  return mc_finish(); }")
    proc = sandbox.run("run", "mmap/zz-litters")
    assert proc.returncode == 1
    assert "left files behind: litter" in proc.stdout


def test_a_bad_case_header_stops_the_run(sandbox):
    sandbox.add_case("mmap/zz-no-claim", "int main(void) { return 0; }",
                     header=" * Source: nowhere\n * Tags: mmap colour\n")
    proc = sandbox.run("run", "mmap/len-zero-einval")
    assert proc.returncode == 2
    assert "zz-no-claim.c:1: needs exactly one 'Claim:' line, found 0" in proc.stderr
    assert "unknown tag 'colour'" in proc.stderr


def test_an_expected_deviation_turns_fail_into_xfail_and_pass_into_xpass(sandbox):
    sandbox.add_case("mmap/zz-fails", "int main(void) { mc_begin(); mc_check(0, \"the claim\");"
                     " return mc_finish(); }")
    (sandbox.root / "expected" / "linux").write_text(
        "mmap/zz-fails:\n    outcome: fail\n    reason: a known bug\n    cite: bug 1\n"
        "mmap/len-zero-einval:\n    outcome: fail\n    reason: stale\n    cite: bug 2\n")
    proc = sandbox.run("run", "mmap/zz-fails", "mmap/len-zero-einval")
    assert "XFAIL  mmap/zz-fails" in proc.stdout and "a known bug [bug 1]" in proc.stdout
    assert "XPASS  mmap/len-zero-einval" in proc.stdout and "stale entry" in proc.stdout
    # the entry as expected/<file>:<line>; the checkout's path stays out of reports
    assert "lists fail (expected/linux:5): stale entry" in proc.stdout
    assert str(sandbox.root) not in proc.stdout
    assert proc.returncode == 1  # the xpass fails the run


def test_an_expected_set_up_error_covers_the_cases_broken_report_but_not_a_crash(sandbox):
    sandbox.add_case("mmap/zz-refused", "int main(void) { mc_begin();"
                     " mc_broken(\"mmap() failed: EPERM\"); }")
    sandbox.add_case("mmap/zz-crashes", "int main(void) { mc_begin(); abort(); }")
    (sandbox.root / "expected" / "linux").write_text(
        "mmap/zz-refused:\n    outcome: error\n    reason: refuses the set-up\n    cite: bug 3\n"
        "mmap/zz-crashes:\n    outcome: error\n    reason: refuses the set-up\n    cite: bug 4\n")
    proc = sandbox.run("run", "mmap/zz-refused", "mmap/zz-crashes")
    assert "XFAIL  mmap/zz-refused" in proc.stdout and "refuses the set-up [bug 3]" in proc.stdout
    assert "ERROR  mmap/zz-crashes" in proc.stdout
    assert proc.returncode == 1


def test_a_full_run_writes_every_report_format(sandbox):
    # Keep the sandbox's suite small: two cases, one failing, is a "full" run here.
    import shutil
    shutil.rmtree(sandbox.root / "cases")
    shutil.copytree(mmapcheck.CASES_DIR, sandbox.root / "cases",
                    ignore=lambda d, names: [n for n in names if n.endswith(".c")])
    sandbox.add_case("mmap/len-zero-einval", (mmapcheck.CASES_DIR / "mmap/len-zero-einval.c").read_text())
    sandbox.add_case("mprotect/zz-fails", "int main(void) { mc_begin(); mc_observe(\"errno\", \"0\");"
                     " mc_check(0, \"the claim\"); return mc_finish(); }")
    proc = sandbox.run("run")
    assert proc.returncode == 1
    reports = list((sandbox.root / "reports").iterdir())
    assert len(reports) == 1 and reports[0].name.startswith("linux-")
    summary = json.loads((reports[0] / "summary.json").read_text())
    assert summary["complete"] is True
    assert summary["totals"]["pass"] == 1 and summary["totals"]["fail"] == 1
    for key in ("id", "os", "release", "machine", "page_size", "libc", "uid", "tmpdir_fs", "target"):
        assert key in summary["platform"]
    failing = next(c for c in summary["cases"] if c["id"] == "mprotect/zz-fails")
    assert failing["verdict"] == "fail" and failing["observed"] == {"errno": "0"}
    assert "check failed: the claim" in failing["reason"]
    md = (reports[0] / "report.md").read_text()
    assert md.index("mprotect/zz-fails") < md.index("## mmap")  # deviations first
    suite = ET.parse(reports[0] / "junit.xml").getroot()
    assert suite.get("tests") == "2" and suite.get("failures") == "1"
    assert (reports[0] / "ktap" / "mmap" / "len-zero-einval.ktap").read_text().startswith("KTAP version 1")

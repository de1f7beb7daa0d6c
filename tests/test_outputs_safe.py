"""The report writers (report.md, summary.json, junit.xml, matrix.md) and how
outputs replace what was there: data from elsewhere (a case's output, a log,
a summary.json) is escaped for where it goes, and nothing is written through
a symbolic link we did not make.  (compare.md and compare.html: test_compare.py.)"""

import json
import os
import re
import subprocess
import sys
import types
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from markup import assert_tables_whole
from mmapcheck import ROOT, UsageError, matrix
from mmapcheck.cases import Case
from mmapcheck.escape import TERMINAL_HIDDEN
from mmapcheck.reports import write_reports
from mmapcheck.safe_write import write_dir, write_file
from mmapcheck.suite import CaseRun

LOG = ROOT / "tests" / "fixtures" / "ingest" / "busybox-4.txt"
REPORT_FILES = {"summary.json", "report.md", "junit.xml", "ktap"}


def hostile_suite(platform_id="box"):
    """A finished run whose every string a log or a kernel could have chosen:
    cell separators, line ends, markup, ESC and NUL, a lone surrogate; and
    durations no JSON or JUnit number can hold."""
    plat = {"id": platform_id, "os": "Linux", "release": "6.1 | x\r| y |", "machine": "<b>x86_64</b>",
            "page_size": 4096, "libc": "glibc\x1b[31m", "tmpdir_fs": "ext4\u2028| z |", "uid": float("nan")}
    evil = Case("mmap/evil|id\rwith a CR", ROOT / "cases" / "mmap" / "x.c",
                claim="<img src=x onerror=alert(1)> | claim\nsecond line", sources=["a & b"], tags=["mmap"])
    plain = Case("mmap/len-zero-einval", ROOT / "cases" / "mmap" / "len-zero-einval.c",
                 claim="mmap() with a length of 0 fails with EINVAL.", sources=["s"], tags=["mmap"])
    runs = [CaseRun(evil, outcome="fail", verdict="fail", reason="a \x1b[31mred\x1b[0m | reason\x00",
                    stdout="KTAP version 1\n\x1b[31mnot ok 1\x00\ufffe\udc80\n", stderr="err\x1b\n",
                    observed={"errno": "E|<b>"}, diagnostics=["bell\x07"], duration_s=float("nan")),
            CaseRun(plain, outcome="pass", verdict="pass", stdout="KTAP version 1\nok 1\n",
                    observed={"errno": "EINVAL"}, duration_s=float("inf"))]
    return types.SimpleNamespace(platform=plat, runs=runs, interrupted=False, started="2026-12-03T05:00:00+00:00",
                                 target_problems=["guest | died\r<script>x</script>"], wall_s=float("-inf"))


@pytest.fixture
def hostile_report(tmp_path):
    return write_reports(hostile_suite(), True, tmp_path)


def strict_json(text):
    def refuse(constant):
        raise ValueError(f"{constant} is not JSON")
    return json.loads(text, parse_constant=refuse)


def test_report_md_tables_keep_their_cells_and_hold_no_html(hostile_report):
    text = (hostile_report / "report.md").read_text()
    platform, deviations, mmap = assert_tables_whole(text)
    assert [len(t) for t in (platform, deviations, mmap)] == [2 + 7, 2 + 1, 2 + 2]
    assert ["release", "6.1 \\| x \\| y \\|"] in [[c.strip() for c in row] for row in platform]
    assert ["tmpdir_fs", "ext4 \\| z \\|"] in [[c.strip() for c in row] for row in platform]
    assert [c.strip() for c in deviations[2]] == [
        "fail", "mmap/evil\\|id with a CR", "errno=E\\|&lt;b&gt;", "a \\\\x1b[31mred\\\\x1b[0m \\| reason\\\\x00"]
    assert "\x1b" not in text and "\x00" not in text and "\r" not in text
    assert "- guest \\| died &lt;script&gt;x&lt;/script&gt;" in text


def test_summary_json_is_strict_json_with_null_for_what_no_number_holds(hostile_report):
    summary = strict_json((hostile_report / "summary.json").read_text())
    assert [c["duration_s"] for c in summary["cases"]] == [None, None]  # NaN, infinity
    assert summary["run_wall_s"] is None and summary["platform"]["uid"] is None
    assert summary["cases"][0]["reason"] == "a \x1b[31mred\x1b[0m | reason\x00"  # JSON holds any text


def test_junit_xml_is_well_formed_with_forbidden_characters_shown(hostile_report):
    suite = ET.parse(hostile_report / "junit.xml").getroot()  # expat refuses what XML 1.0 forbids
    evil, plain, problem = suite.findall("testcase")
    assert evil.get("name") == "mmap/evil|id\rwith a CR"  # an attribute keeps its CR (&#13;)
    assert evil.find("system-out").text == "KTAP version 1\n\\x1b[31mnot ok 1\\x00\\ufffe\\udc80\n"
    assert evil.find("failure").get("message") == "a \\x1b[31mred\\x1b[0m | reason\\x00"
    assert "# bell\\x07" in evil.find("failure").text and "err\\x1b" in evil.find("failure").text
    assert [suite.get("time"), evil.get("time"), plain.get("time")] == ["0", "0", "0"]
    assert problem.find("error").get("message") == "guest | died\r<script>x</script>"


def test_junit_xml_shows_a_bidi_override_by_its_code_point(tmp_path):
    suite = hostile_suite()
    suite.runs[0].reason = "\u202eevil\u200f\x85"
    text = (write_reports(suite, True, tmp_path) / "junit.xml").read_text()
    assert not re.search("[\u202e\u200f\x85]", text)
    evil = ET.fromstring(text).findall("testcase")[0]
    assert evil.find("failure").get("message") == "\\u202eevil\\u200f\\x85"


def test_a_case_s_ktap_file_keeps_what_it_printed(hostile_report):
    ktap = hostile_report / "ktap" / "mmap" / "evil|id\rwith a CR.ktap"
    assert ktap.read_bytes() == "KTAP version 1\n\x1b[31mnot ok 1\x00\ufffe?\n".encode()


def test_the_failure_report_on_a_terminal_shows_control_characters_and_keeps_its_lines():
    from mmapcheck.reports import failure_text
    run = hostile_suite().runs[0]
    run.stderr = "\x1b]0;new window title\x07\nprogress 50%\rdone\n"
    run.observed = {"errno": "E\rspoofed"}
    text = failure_text(run)
    assert not TERMINAL_HIDDEN.search(text) and "\r" not in text
    assert "  observed: errno=E\\x0dspoofed" in text.splitlines()
    assert "  outcome:  fail (a \\x1b[31mred\\x1b[0m | reason\\x00)" in text.splitlines()
    assert text.splitlines()[-3:] == ["    \\x1b]0;new window title\\x07", "    progress 50%", "    done"]


@pytest.mark.parametrize("bad", ["..", ".", "", "a/../../b", "x\0y"])
def test_a_platform_id_that_is_not_a_directory_name_is_refused(tmp_path, bad):
    with pytest.raises(UsageError, match="cannot name a report directory"):
        write_reports(hostile_suite(bad), True, tmp_path / "reports")
    assert not (tmp_path / "reports").exists()


@pytest.mark.parametrize("bad", ["../../escaped", "mmap/../../escaped", "/abs", "mmap//x"])
def test_a_case_id_never_names_a_file_outside_the_report(tmp_path, bad):
    suite = hostile_suite()
    suite.runs[0].case.id = bad
    with pytest.raises(UsageError, match="cannot name a file in the report"):
        write_reports(suite, True, tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == []  # nothing, not even a temp directory


def test_matrix_md_tables_keep_their_cells_and_hold_no_html(tmp_path):
    def report(name, verdict, platform_id):
        d = tmp_path / name
        d.mkdir()
        (d / "summary.json").write_text(json.dumps({
            "platform": {"id": platform_id}, "target_problems": ["hung |\r<b>"],
            "totals": {"pass": "<i>1</i>", "fail": 0, "xpass": 0, "xfail": 0, "skip": 0, "error": 0},
            "cases": [{"id": "mmap/a|b", "verdict": verdict, "observed": {"errno": "E|\n<x>"}},
                      {"id": "mmap/len-zero-einval", "verdict": "pass", "observed": {}}]}))
        runs = matrix.TargetRun(name)
        runs.report, runs.status = d, "done"
        return runs
    broken = matrix.TargetRun("gvisor")
    broken.error, broken.status = "runsc: <not found> |\r", "could not run"
    text = matrix.matrix_markdown([report("native", "pass", "linux"),
                                   report("kernel:6.1", "pass\"<img src=x>|x", "id|<script>"), broken])
    totals, cases = assert_tables_whole(text)
    assert [c.strip() for c in totals[3][:3]] == ["kernel:6.1", "id\\|&lt;script&gt;", "&lt;i&gt;1&lt;/i&gt;"]
    assert [c.strip() for c in cases[2]] == ["mmap/a\\|b", "pass", 'pass"&lt;img src=x&gt;\\|x']
    assert "- `gvisor`: runsc: &lt;not found&gt; \\|" in text


# --- replacing outputs: never through a link we did not make -------------------------------

def plant_partial_links(reports, platform_id, pids, victim):
    """What an unprivileged user of a shared reports/ directory could plant: the
    temporary names the writer once used, <root>/.<ID>.partial-<pid>."""
    for pid in pids:
        (reports / f".{platform_id}.partial-{pid}").symlink_to(victim)


def test_a_link_at_the_old_temporary_name_is_not_followed(tmp_path):
    reports, victim = tmp_path / "reports", tmp_path / "victim"
    reports.mkdir()
    victim.mkdir()
    plant_partial_links(reports, "box", [os.getpid()], victim)
    out = write_reports(hostile_suite(), True, reports)
    assert out == reports / "box" and {p.name for p in out.iterdir()} == REPORT_FILES
    assert list(victim.iterdir()) == []
    assert sorted(p.name for p in reports.iterdir()) == [f".box.partial-{os.getpid()}", "box"]


def ingest_cli(reports, *args):
    return subprocess.run([sys.executable, str(ROOT / "runner.py"), "ingest", str(LOG), "--platform", "box",
                           "--reports", str(reports), *args], capture_output=True, text=True, timeout=120)


def test_ingest_into_a_shared_directory_with_links_planted_for_the_next_pids(tmp_path):
    reports, victim = tmp_path / "reports", tmp_path / "victim"
    reports.mkdir()
    victim.mkdir()
    try:  # the last pid given out (Linux): the ingest's is among the next few thousand
        last = int(Path("/proc/sys/kernel/ns_last_pid").read_text())
    except OSError:
        last = os.getpid()
    plant_partial_links(reports, "box", range(last + 1, last + 4001), victim)
    proc = ingest_cli(reports)
    assert proc.returncode == 0, proc.stderr
    assert {p.name for p in (reports / "box").iterdir()} == REPORT_FILES
    assert list(victim.iterdir()) == []
    assert len(list(reports.iterdir())) == 4000 + 1  # the planted links, untouched, and the report


def test_a_link_at_the_report_directory_is_refused_in_one_line(tmp_path):
    reports, victim = tmp_path / "reports", tmp_path / "victim"
    reports.mkdir()
    victim.mkdir()
    (reports / "box").symlink_to(victim)
    proc = ingest_cli(reports)
    assert proc.returncode == 2
    assert proc.stderr.splitlines()[-1] == (f"runner.py: {reports / 'box'} is a symbolic link: not writing "
                                            "through it nor replacing it (remove it, or write elsewhere)")
    assert not [l for l in proc.stderr.splitlines() if l.startswith("runner.py:")][:-1]
    assert list(victim.iterdir()) == [] and (reports / "box").is_symlink()
    assert [p.name for p in reports.iterdir()] == ["box"]


def test_a_previous_report_is_replaced_whole_and_links_inside_it_are_not_followed(tmp_path):
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "precious").write_text("keep\n")
    old = tmp_path / "box"
    (old / "ktap").mkdir(parents=True)
    (old / "stale.txt").write_text("from an older run\n")
    (old / "ktap" / "mmap").symlink_to(victim)
    out = write_reports(hostile_suite(), True, tmp_path)
    assert {p.name for p in out.iterdir()} == REPORT_FILES
    assert (victim / "precious").read_text() == "keep\n" and len(list(victim.iterdir())) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["box", "victim"]  # nothing aside left
    mask = os.umask(0)
    os.umask(mask)
    assert out.stat().st_mode & 0o777 == 0o777 & ~mask  # not mkdtemp's 0700


@pytest.mark.parametrize("failure", [KeyboardInterrupt, OSError(28, "No space left on device")])
def test_a_report_that_fails_half_way_leaves_the_previous_one_and_no_temporary(tmp_path, failure):
    (tmp_path / "box").mkdir()
    (tmp_path / "box" / "summary.json").write_text("previous\n")

    def fill(directory):
        (directory / "summary.json").write_text("half\n")
        raise failure
    with pytest.raises(KeyboardInterrupt if failure is KeyboardInterrupt else UsageError):
        write_dir(tmp_path / "box", fill)
    assert (tmp_path / "box" / "summary.json").read_text() == "previous\n"
    assert [p.name for p in tmp_path.iterdir()] == ["box"]


def test_write_file_refuses_a_link_and_replaces_a_file_by_a_new_one(tmp_path):
    victim = tmp_path / "victim"
    victim.write_text("precious\n")
    (tmp_path / "matrix.md").symlink_to(victim)
    with pytest.raises(UsageError, match="matrix.md is a symbolic link: not writing through it"):
        write_file(tmp_path / "matrix.md", "new\n")
    assert victim.read_text() == "precious\n"
    (tmp_path / "matrix.md").unlink()
    os.link(victim, tmp_path / "matrix.md")  # the same file under two names
    write_file(tmp_path / "matrix.md", "new\n")
    assert (tmp_path / "matrix.md").read_text() == "new\n" and victim.read_text() == "precious\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["matrix.md", "victim"]


def test_write_file_into_a_directory_that_is_not_there_is_one_line(tmp_path):
    with pytest.raises(UsageError, match=f"^cannot write {tmp_path}/no/matrix.md: No such file or directory$"):
        write_file(tmp_path / "no" / "matrix.md", "x")


def suite_of_one_case(sandbox):
    """The sandbox as a suite of one case with pytest's front end: running it all is a full run."""
    import shutil
    shutil.copy(ROOT / "conftest.py", sandbox.root)
    shutil.rmtree(sandbox.root / "cases")
    shutil.copytree(ROOT / "cases", sandbox.root / "cases",
                    ignore=lambda d, names: [n for n in names if n.endswith(".c")])
    sandbox.add_case("mmap/len-zero-einval", (ROOT / "cases" / "mmap" / "len-zero-einval.c").read_text())


def test_pytest_front_end_writes_its_report_where_reports_says(sandbox):
    # make test runs the whole suite this way, into build/, leaving reports/ as published
    suite_of_one_case(sandbox)
    proc = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "runner.py",
                           "--reports", "build/test-reports"],
                          cwd=sandbox.root, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    summary, = (sandbox.root / "build" / "test-reports").glob("*/summary.json")
    assert [c["id"] for c in json.loads(summary.read_text())["cases"]] == ["mmap/len-zero-einval"]
    assert not (sandbox.root / "reports").exists() or not any((sandbox.root / "reports").iterdir())


def test_pytest_front_end_refuses_a_link_at_the_report_directory_in_one_line(sandbox):
    import shutil
    suite_of_one_case(sandbox)
    assert sandbox.run("run").returncode == 0
    report, = (sandbox.root / "reports").iterdir()
    shutil.rmtree(report)
    victim = sandbox.root / "victim"
    victim.mkdir()
    report.symlink_to(victim)
    proc = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "runner.py"],
                          cwd=sandbox.root, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 2
    assert f"runner.py: {report} is a symbolic link: not writing through it" in proc.stdout
    assert "Traceback" not in proc.stdout + proc.stderr
    assert list(victim.iterdir()) == [] and report.is_symlink()


def test_coverage_md_shows_a_man_page_s_text_as_text(tmp_path):
    from mmapcheck import coverage
    entry = coverage.Entry("mmap", "2", "EINVAL", "flags <b>held</b> MAP_A | MAP_B\rand more", ["6.03"])
    entry.reason = "not <i>here</i> | ever"
    text, _ = coverage.report([], [entry], ["a | problem <script>"])
    tables = assert_tables_whole(text)   # the first: entries per page and release
    assert [c.strip() for c in tables[1][2]] == [
        "EINVAL", "flags &lt;b&gt;held&lt;/b&gt; MAP_A \\| MAP_B and more", "6.03",
        "*not checkable here:* not &lt;i&gt;here&lt;/i&gt; \\| ever"]
    assert "- a \\| problem &lt;script&gt;" in text

"""runner.py ingest on a captured stream (tests/fixtures/ingest/busybox-4.txt:
the installed runner under busybox sh, four cases) and on what consoles and
CI logs make of such a stream: unrelated lines, a prefix on every line, CRLF,
a cut, nothing at all."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from mmapcheck import UsageError
from mmapcheck.cases import collect
from mmapcheck.ingest import ingest, strip_log_prefix

ROOT = Path(__file__).resolve().parent.parent
LOG = ROOT / "tests" / "fixtures" / "ingest" / "busybox-4.txt"
CASES = ["madvise/cold-hugetlb-einval", "mmap/len-exceeds-address-space-einval",
         "mmap/len-zero-einval", "munmap/len-zero-einval"]


def verdicts(suite):
    return {r.case.id: r.verdict for r in suite.runs}


def cli(*args, stdin=None):
    return subprocess.run([sys.executable, str(ROOT / "runner.py"), "ingest", *args],
                          input=stdin, capture_output=True, text=True, timeout=60)


@pytest.fixture(scope="module")
def clean():
    suite, selected_all, notes = ingest(LOG.read_text(), "clean")
    return suite


def test_a_captured_stream_gives_each_case_its_verdict(clean):
    assert verdicts(clean)["mmap/len-zero-einval"] == "pass"
    assert verdicts(clean)["madvise/cold-hugetlb-einval"] == "skip"
    assert sorted(verdicts(clean)) == CASES  # a run of four cases: only those are reported
    assert clean.target_problems == []
    plat = clean.platform
    assert (plat["id"], plat["os"], plat["release"], plat["tmpdir_fs"], plat["page_size"]) == \
        ("clean", "Linux", "6.18.44-fc-v669", "ext4", 4096)
    munmap = next(r for r in clean.runs if r.case.id == "munmap/len-zero-einval")
    assert munmap.observed == {"errno": "EINVAL", "page": "none/0x61"}


def interleave_console(text):
    """Kernel messages and a login prompt before, between and after the lines."""
    out = ["Booting FreeBSD...", "login: root", ""]
    for i, line in enumerate(text.splitlines()):
        out.append(line)
        if i % 3 == 0:
            out.append(f"[ {i}.123456] random: crng init done")
    out += ["", "Stopping cron.", "# "]
    return "\r\n".join(out) + "\r\n"


def test_console_lines_between_the_stream_lines_change_no_verdict(clean):
    suite, _, notes = ingest(interleave_console(LOG.read_text()), "junk")
    assert verdicts(suite) == verdicts(clean)
    assert suite.target_problems == []
    assert len(notes) == 1 and "outside the stream format ignored" in notes[0]


@pytest.mark.parametrize("prefix", ["2026-11-24T19:53:04.1234567Z ", "[   12.345678] ", "console: "])
def test_a_prefix_on_every_line_is_removed(clean, prefix):
    lines = LOG.read_text().splitlines()
    stamped = [f"{prefix}{line}".replace("12.345678", f"{12 + i}.{i:06d}") for i, line in enumerate(lines)]
    text = "\n".join(["unprefixed console text", *stamped, "after the stream"]) + "\n"
    suite, _, _ = ingest(text, "stamped")
    assert verdicts(suite) == verdicts(clean)
    assert suite.target_problems == []
    by_id = {r.case.id: r for r in suite.runs}
    assert by_id["mmap/len-zero-einval"].stdout == next(
        r.stdout for r in clean.runs if r.case.id == "mmap/len-zero-einval")


def test_the_stream_s_own_indentation_survives_prefix_removal():
    text = "T 1 # mmapcheck-platform: os=Linux\nT 2 KTAP version 1\nT 3     KTAP version 1\n"
    assert strip_log_prefix(text) == "# mmapcheck-platform: os=Linux\nKTAP version 1\n    KTAP version 1\n"


def test_a_stream_cut_short_leaves_the_named_cases_it_did_not_report_notrun():
    text = LOG.read_text()
    cut = text[:text.index("# mmapcheck-case: madvise/cold-hugetlb-einval")]
    suite, _, _ = ingest(cut, "cut", CASES)
    v = verdicts(suite)
    assert v["mmap/len-zero-einval"] == "pass"
    assert v["madvise/cold-hugetlb-einval"] == v["munmap/len-zero-einval"] == "notrun"
    assert any("mmapcheck-done" in p for p in suite.target_problems)
    unnamed, _, _ = ingest(cut, "cut")  # cases not named: the plan's count is all it knows
    assert any("planned 4 cases but reported 2" in p for p in unnamed.target_problems)


def test_a_whole_run_cut_short_leaves_every_other_case_notrun():
    every = len(collect())
    text = LOG.read_text().replace("1..4\n", f"1..{every}\n")
    cut = text[:text.index("# mmapcheck-done")]
    suite, selected_all, _ = ingest(cut, "whole")
    v = verdicts(suite)
    assert selected_all and len(v) == every
    assert sum(1 for x in v.values() if x == "notrun") == every - 4
    assert v["mmap/len-zero-einval"] == "pass"


def test_a_case_cut_inside_its_block_is_an_error_and_the_rest_notrun():
    text = LOG.read_text()
    cut = text[:text.index("    # observed: page=none/0x61")]
    suite, _, _ = ingest(cut, "mid", CASES)
    by_id = {r.case.id: r for r in suite.runs}
    assert by_id["munmap/len-zero-einval"].verdict == "error"
    assert "did not finish" in by_id["munmap/len-zero-einval"].reason
    assert suite.target_problems


def test_a_log_without_a_stream_is_a_target_problem_with_every_case_notrun():
    suite, _, _ = ingest("login: root\nPassword:\nLogin incorrect\n", "nothing")
    assert set(verdicts(suite).values()) == {"notrun"}
    assert suite.target_problems[0].startswith("no mmapcheck KTAP stream in the log")


def test_case_ids_this_checkout_does_not_have_are_a_target_problem(clean):
    text = LOG.read_text().replace("munmap/len-zero-einval", "munmap/from-a-newer-release")
    suite, _, _ = ingest(text, "newer", [c for c in CASES if not c.startswith("munmap/")])
    assert "munmap/from-a-newer-release" in suite.target_problems[0]
    assert verdicts(suite)["mmap/len-zero-einval"] == "pass"


def test_a_bad_report_id_is_refused():
    with pytest.raises(UsageError):
        ingest(LOG.read_text(), "../elsewhere")


def test_cli_writes_a_report_directory_from_stdin(tmp_path, clean):
    proc = cli("-", "--platform", "freebsd-lab", "--reports", str(tmp_path), stdin=LOG.read_text())
    assert proc.returncode == 0, proc.stderr
    out = tmp_path / "freebsd-lab"
    assert {p.name for p in out.iterdir()} == {"summary.json", "report.md", "junit.xml", "ktap"}
    summary = json.loads((out / "summary.json").read_text())
    assert {c["id"]: c["verdict"] for c in summary["cases"]} == verdicts(clean)
    assert summary["platform"]["id"] == "freebsd-lab" and summary["platform"]["target"] == "ingest"
    assert (out / "ktap" / "mmap" / "len-zero-einval.ktap").read_text().startswith("KTAP version 1\n")
    assert "# mmapcheck report: freebsd-lab" in (out / "report.md").read_text()


def test_cli_truncated_log_exits_1_and_names_the_target_problem(tmp_path):
    text = LOG.read_text()
    cut = text[:text.index("# mmapcheck-done")]
    log = tmp_path / "cut.log"
    log.write_text(cut)
    proc = cli(str(log), "--platform", "cut", "--reports", str(tmp_path / "r"))
    assert proc.returncode == 1
    assert "TARGET ERROR cut: no '# mmapcheck-done' marker" in proc.stderr
    assert not json.loads((tmp_path / "r" / "cut" / "summary.json").read_text())["complete"]


def test_cli_missing_file_is_one_line_exit_2(tmp_path):
    proc = cli(str(tmp_path / "no-such.log"), "--platform", "x", "--reports", str(tmp_path))
    assert proc.returncode == 2
    assert proc.stderr == f"runner.py: cannot read {tmp_path / 'no-such.log'}: No such file or directory\n"
    assert proc.stdout == ""

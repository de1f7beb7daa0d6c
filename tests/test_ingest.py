"""runner.py ingest on a captured stream (tests/fixtures/ingest/busybox-4.txt:
the installed runner under busybox sh, four cases) and on what consoles and
CI logs make of such a stream: unrelated lines, a prefix on every line, CRLF,
a cut, nothing at all."""

import json
import os
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


def test_cli_follows_no_link_to_a_console_log(tmp_path):
    (tmp_path / "console.log").symlink_to(LOG)
    proc = cli(str(tmp_path / "console.log"), "--platform", "x", "--reports", str(tmp_path / "r"))
    assert proc.returncode == 2 and not (tmp_path / "r").exists()
    assert proc.stderr == f"runner.py: cannot read {tmp_path / 'console.log'}: a symbolic link, not followed\n"


def test_cli_reads_no_fifo_that_would_never_end(tmp_path):
    # nobody writes into it: opening it for reading would wait for ever (cli's timeout fails the test)
    os.mkfifo(tmp_path / "console.log")
    proc = cli(str(tmp_path / "console.log"), "--platform", "x", "--reports", str(tmp_path / "r"))
    assert proc.returncode == 2
    assert proc.stderr == (f"runner.py: cannot read {tmp_path / 'console.log'}: not a regular file "
                           "(give a pipe's log as -)\n")


def run_python(code, timeout=120):
    """code in a fresh interpreter: a parse that never ends fails at the
    (generous: the machine may be loaded) timeout instead of hanging the session."""
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout)


def one_line_error(proc):
    assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr
    assert len(proc.stderr.splitlines()) == 1, proc.stderr
    return proc.stderr


def test_a_prefix_of_digit_groups_is_matched_in_linear_time():
    # '1 1 1 ...' became \d+\s*\d+\s*... and backtracked exponentially on a line of digits.
    proc = run_python("from mmapcheck.ingest import strip_log_prefix\n"
                      "log = ''.join('1 ' * 15 + line + '\\n' for line in\n"
                      "              ['# mmapcheck-platform: os=Linux', '1' * 34, 'KTAP version 1'])\n"
                      "print(strip_log_prefix(log), end='')\n"
                      "print(strip_log_prefix('1 ' * 2000 + 'KTAP version 1\\n' + '1' * 1000000 + '\\n')[:20])\n")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "# mmapcheck-platform: os=Linux\n" + "1" * 34 + "\nKTAP version 1\n" + \
        "KTAP version 1\n" + "1" * 5 + "\n"


def test_a_raw_lava_job_log_is_read_as_lava_s_records_not_as_console_text(tmp_path):
    # LAVA keeps each console line as a YAML record, a prefix and '"}' around the
    # text: read as LAVA's (mmapcheck/ingest_lava.py), the stream is the plain
    # log's; what LAVA's log lacks (results, the job's end) is a target problem.
    log = tmp_path / "lava.yaml"
    log.write_text("".join(f'- {{"dt": "2026-11-24T19:53:{i % 60:02d}.{i:06d}", "lvl": "target", '
                           f'"msg": "{line}"}}\n' for i, line in enumerate(LOG.read_text().splitlines())))
    proc = cli(str(log), "--platform", "lava", "--reports", str(tmp_path / "r"))
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert "page_size" not in proc.stderr
    assert "TARGET ERROR lava: the log holds no result of the job" in proc.stderr
    assert "TARGET ERROR lava: LAVA recorded no result for " in proc.stderr
    plain = cli(str(LOG), "--platform", "plain", "--reports", str(tmp_path / "r"))
    verdicts = [{c["id"]: c["verdict"] for c in json.loads((tmp_path / "r" / name / "summary.json").read_text())[
        "cases"]} for name in ("lava", "plain")]
    assert plain.returncode in (0, 1) and verdicts[0] == verdicts[1]


@pytest.mark.parametrize("fact, value", [("page_size", "abc"), ("page_size", "9" * 5000),
                                         ("release", "9" * 5000), ("release", "6." + "1" * 5000)])
def test_a_platform_fact_that_is_not_what_it_should_be_makes_a_report(fact, value):
    text = LOG.read_text().replace(f"# mmapcheck-platform: {fact}=", f"# mmapcheck-platform: {fact}={value}#")
    suite, _, _ = ingest(text, "odd")
    assert verdicts(suite)["mmap/len-zero-einval"] == "pass"
    if fact == "page_size":
        assert suite.platform["page_size"] == 0
        assert "page_size" in suite.target_problems[0] and len(suite.target_problems[0]) < 300


def test_a_megabyte_junk_line_is_quoted_short_on_stderr(tmp_path):
    log = tmp_path / "junk.log"
    log.write_text("x" * 2000000 + "\n" + LOG.read_text())
    proc = cli(str(log), "--platform", "junk", "--reports", str(tmp_path / "r"))
    assert proc.returncode == 0, proc.stderr
    assert len(proc.stderr) < 400 and "'...\n" in proc.stderr


def test_a_megabyte_unknown_case_id_is_never_written_whole(tmp_path):
    huge = "mmap/" + "z" * 2000000
    log = tmp_path / "unknown.log"
    log.write_text(LOG.read_text().replace("munmap/len-zero-einval", huge))
    proc = cli(str(log), *[c for c in CASES if not c.startswith("munmap/")],
               "--platform", "unknown", "--reports", str(tmp_path / "r"))
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "case block(s) in the stream are not cases of this checkout" in proc.stderr
    assert len(proc.stderr) < 1000
    written = sum(p.stat().st_size for p in (tmp_path / "r").rglob("*") if p.is_file())
    assert written < 100000


def test_a_40_mb_log_is_read_in_bounded_memory(tmp_path):
    # The log was read whole and split into a list: ~9 times its size in memory.
    log = tmp_path / "big.log"
    with open(log, "w") as f:
        f.write(LOG.read_text().replace("# mmapcheck-done\n", ""))
        for i in range(1000):
            f.write(f"[ {i}.000000] console chatter\n" * 1400)
        f.write("# mmapcheck-done\n")
    assert log.stat().st_size > 40e6
    # A parent of its own, so that the peak measured is this ingest's alone.
    measure = ("import resource, subprocess, sys\n"
               "p = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
               "print(p.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n")
    proc = subprocess.run([sys.executable, "-c", measure, sys.executable, str(ROOT / "runner.py"), "ingest",
                           str(log), *CASES, "--platform", "big", "--reports", str(tmp_path / "r")],
                          capture_output=True, text=True, timeout=600)
    returncode, peak_kib = map(int, proc.stdout.split())
    assert returncode == 0
    assert peak_kib < 100 * 1024, f"{peak_kib} KiB for a {log.stat().st_size} byte log"


@pytest.mark.parametrize("name", ["p" * 300, "nl\n", "tab\tx", "", "-dash", "../up", "a/b", "$(id)"])
def test_a_platform_name_that_is_no_plain_directory_name_is_one_line_before_anything(tmp_path, name):
    proc = cli(str(LOG), f"--platform={name}", "--reports", str(tmp_path / "r"))
    assert one_line_error(proc).startswith("runner.py: --platform ")
    assert not (tmp_path / "r").exists()


def test_reading_a_log_does_not_depend_on_the_locale(tmp_path):
    log = tmp_path / "utf8.log"
    log.write_bytes(LOG.read_bytes().replace(b"errno=EINVAL\n    # observed: page", b"errno=\xc3\xa9\xff\n    # observed: page"))
    proc = subprocess.run([sys.executable, "-c",
                           "import sys\nfrom mmapcheck.ingest import ingest\n"
                           "with open(sys.argv[1], 'rb') as f:\n"
                           "    suite, _, _ = ingest(f, 'c-locale')\n"
                           "print(ascii([r.observed for r in suite.runs if r.case.id.startswith('munmap/')]))\n",
                           str(log)], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env={"PATH": "/usr/bin:/bin", "LC_ALL": "C", "PYTHONUTF8": "0"})
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "[{'errno': '\\xe9\\ufffd', 'page': 'none/0x61'}]\n"


def test_what_a_log_says_is_printed_escaped_under_an_ascii_locale(tmp_path):
    log = tmp_path / "utf8.log"
    log.write_bytes(LOG.read_bytes().replace(b"errno=EINVAL\n    # observed: page", b"errno=\xc3\xa9\n    # observed: page"))
    # The report's files are hostile-output's concern: only what the command prints is checked here.
    code = ("import sys\nfrom mmapcheck import cli\n"
            "cli.write_reports = lambda suite, selected_all, root: root / 'not-written'\n"
            "sys.exit(cli.main(['ingest', sys.argv[1], '--platform', 'c', '--reports', sys.argv[2]]))\n")
    proc = subprocess.run([sys.executable, "-c", code, str(log), str(tmp_path / "r")], cwd=ROOT,
                          capture_output=True, timeout=120,
                          env={"PATH": "/usr/bin:/bin", "LC_ALL": "C", "PYTHONUTF8": "0"})
    assert proc.returncode == 0, proc.stderr.decode()
    assert b"munmap/len-zero-einval                             errno=\\xe9 page=none/0x61\n" in proc.stdout


def test_the_reason_of_a_case_not_run_repeats_at_most_two_target_problems():
    text = "# mmapcheck-exit: mmap/len-zero-einval status=0 time=0 leftover=\n" * 100
    suite, _, _ = ingest(text, "many")
    assert len(suite.target_problems) > 10
    reason = next(r.reason for r in suite.runs if r.verdict == "notrun")
    assert reason.count("exit line without its case line") == 2 and len(reason) < 500
    assert reason.endswith(f"; {len(suite.target_problems) - 2} more target problem(s)")


def test_control_characters_from_a_log_reach_the_terminal_escaped(tmp_path):
    log = tmp_path / "escapes.log"
    log.write_text(LOG.read_text().replace("errno=ENOMEM", "errno=\x1b[2J\x1b]0;owned\x07")
                   .replace("(nr_hugepages=0;", "(\u202eevil\x1b[31m;") + "\x1b[H junk\n")
    proc = cli(str(log), "--platform", "escapes", "--reports", str(tmp_path / "r"))
    assert proc.returncode == 0, proc.stderr
    for out in (proc.stdout, proc.stderr):
        assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert "errno=\\x1b[2J\\x1b]0;owned\\x07" in proc.stdout
    assert "(\\u202eevil\\x1b[31m;" in proc.stdout


def test_the_cases_may_follow_the_options_as_the_readme_shows(tmp_path):
    text = LOG.read_text()
    cut = text[:text.index("# mmapcheck-case: madvise/cold-hugetlb-einval")]
    log = tmp_path / "cut.log"
    log.write_text(cut)
    proc = cli(str(log), "--platform", "named", "--reports", str(tmp_path / "r"), "mmap/*", "munmap/*")
    assert proc.returncode == 1, proc.stderr
    summary = json.loads((tmp_path / "r" / "named" / "summary.json").read_text())
    verdict = {c["id"]: c["verdict"] for c in summary["cases"]}
    assert verdict["mmap/len-zero-einval"] == "pass" and verdict["munmap/len-zero-einval"] == "notrun"
    assert "madvise/cold-hugetlb-einval" not in verdict
    proc = cli(str(log), "--platform", "named", "--reports", str(tmp_path / "r"), "mmap/*", "--sparkle")
    assert proc.returncode == 2 and "unrecognized arguments: mmap/* --sparkle" in proc.stderr

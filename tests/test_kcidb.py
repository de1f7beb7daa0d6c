"""`runner.py export --kcidb`: report directories as one submission to
KernelCI's results database, valid against its schema
(../shared/schemas/kcidb-v5.3.schema.json, with python3-jsonschema).

The fixtures in tests/fixtures/kcidb/:
- box-6.18/: `runner.py ingest tests/fixtures/kcidb/box-6.18.txt --platform
  box-6.18 CASE...` with the eight cases the stream's plan names (summary.json
  and ktap/; the xpass's reason names expected/linux relative to the
  checkout): one case of each verdict, pass, fail, skip, error, an xfail
  that failed, an xfail that was an error (tmpfs), an xpass, a case not run;
- debian-6.1/: four cases of the published reports/linux-6.1.0-57-amd64-...,
  with the kernel package facts a kernel target now records;
- gvisor/: three cases of the published gVisor report, one of its
  deviations from expected/gvisor, one from expected/linux.
The published reports and debian-6.1 predate summary.json's expected_file."""

import copy
import datetime
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "kcidb"
BOX, DEBIAN, GVISOR = FIXTURES / "box-6.18", FIXTURES / "debian-6.1", FIXTURES / "gvisor"
SCHEMA = ROOT.parent / "shared" / "schemas" / "kcidb-v5.3.schema.json"
RFC3339 = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)")
DENYWRITE = "mmap/denywrite-file-open-for-writing-etxtbsy"


def export(*args, check=True):
    proc = subprocess.run([sys.executable, str(ROOT / "runner.py"), "export", *map(str, args)],
                          capture_output=True, text=True, timeout=120)
    if check:
        assert proc.returncode == 0, proc.stderr
    return proc


def submission(*report_dirs, extra=()):
    return json.loads(export("--kcidb", "--origin", "mmapcheck", *extra, *report_dirs).stdout)


def refused(proc):
    """Exit 2 and one line on stderr, never a traceback: the line."""
    assert proc.returncode == 2, proc.stdout[-500:] + proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr and proc.stdout == ""
    assert len(proc.stderr.splitlines()) == 1, proc.stderr
    return proc.stderr


@pytest.fixture(scope="module")
def validator():
    try:
        import jsonschema
    except ImportError:
        pytest.skip("python3-jsonschema is not installed (apt-get install python3-jsonschema)")
    if not SCHEMA.is_file():
        pytest.skip(f"no {SCHEMA} (the reference material beside the repository)")
    schema = json.loads(SCHEMA.read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    # jsonschema checks "date-time" only with a package Debian 12 lacks (rfc3339-validator): checked here.
    checker = jsonschema.FormatChecker()
    checker.checks("date-time", raises=ValueError)(
        lambda value: not isinstance(value, str) or bool(RFC3339.fullmatch(value))
        and datetime.datetime.fromisoformat(value.replace("Z", "+00:00")) is not None)
    return jsonschema.Draft202012Validator(schema, format_checker=checker)


def schema_errors(validator, data):
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message[:200]}" for e in validator.iter_errors(data)]


@pytest.fixture(scope="module")
def box():
    return submission(BOX)


def by_path(sub):
    return {t["path"]: t for t in sub["tests"]}


def test_the_submission_is_valid_against_the_kcidb_schema(validator):
    sub = submission(BOX, DEBIAN, GVISOR)
    assert schema_errors(validator, sub) == []
    assert sub["version"] == {"major": 5, "minor": 3}
    assert all(t.get("start_time") for t in sub["tests"]), "every test carries its run's start"


@pytest.mark.parametrize("broken, where", [
    (lambda s: s["tests"][0].update(status="XFAIL"), "tests/0/status"),
    (lambda s: s["tests"][0].update(path="mmapcheck.mmap/len-zero-einval"), "tests/0/path"),
    (lambda s: s["tests"][0].update(id="no-origin-prefix"), "tests/0/id"),
    (lambda s: s["tests"][0].update(log_excerpt="x" * 16385), "tests/0/log_excerpt"),
    (lambda s: s["tests"][0].update(start_time="yesterday"), "tests/0/start_time"),
    (lambda s: s["builds"][0].update(architecture="x86-64"), "builds/0/architecture"),
    (lambda s: s["checkouts"][0].update(git_commit_hash="abc1234"), "checkouts/0/git_commit_hash"),
    (lambda s: s["issues"][0].pop("version"), "issues/0"),
    (lambda s: s["incidents"][0].update(comment="a\0b"), "incidents/0/comment"),
    (lambda s: s.update(tests=[{**s["tests"][0], "misc": None}]), "tests/0/misc"),
])
def test_the_validation_would_catch_a_broken_submission(validator, box, broken, where):
    """The schema test above can fail: each mutation of a valid submission is refused where it was made."""
    mutated = copy.deepcopy(box)
    broken(mutated)
    assert [e.split(":")[0] for e in schema_errors(validator, mutated)] == [where]


def test_each_case_is_a_test_whose_status_is_its_outcome(box):
    statuses = {path: (t["status"], t["misc"]["verdict"]) for path, t in by_path(box).items()}
    assert statuses == {
        "mmapcheck.mmap.len-zero-einval": ("PASS", "pass"),
        "mmapcheck.munmap.len-zero-einval": ("FAIL", "fail"),
        "mmapcheck.madvise.cold-hugetlb-einval": ("SKIP", "skip"),
        "mmapcheck.mprotect.beyond-address-space-enomem": ("ERROR", "error"),
        "mmapcheck.mmap.len-exceeds-address-space-einval": ("FAIL", "xfail"),  # the real status
        "mmapcheck.mmap.past-eof-store-not-written-to-file-after-msync": ("ERROR", "xfail"),
        "mmapcheck.mmap.denywrite-file-open-for-writing-etxtbsy": ("PASS", "xpass"),
        "mmapcheck.msync.sync-writes-data-to-file": ("MISS", "notrun"),
    }
    summary = json.loads((BOX / "summary.json").read_text())
    for case in summary["cases"]:
        test = by_path(box)["mmapcheck." + case["id"].replace("/", ".")]
        assert test["comment"].startswith(case["verdict"])
        assert test["start_time"] == summary["started"]
        assert test["duration"] == case["duration_s"]
        for key in ("claim", "sources", "reason", "observed", "verdict", "expected", "exit_code"):
            assert test["misc"].get(key) == case[key], key
        if case["citation"]:
            assert test["misc"]["citation"] == case["citation"]


def test_a_documented_deviation_is_an_issue_and_each_test_meeting_it_an_incident(box):
    tests, issues = by_path(box), {i["id"]: i for i in box["issues"]}
    incidents = {i["test_id"]: i for i in box["incidents"]}
    deviations = {"mmapcheck.mmap.len-exceeds-address-space-einval": True,
                  "mmapcheck.mmap.past-eof-store-not-written-to-file-after-msync": True,
                  "mmapcheck.mmap.denywrite-file-open-for-writing-etxtbsy": False}  # present?
    assert set(incidents) == {tests[path]["id"] for path in deviations}
    assert len(issues) == len(deviations)
    for path, present in deviations.items():
        incident = incidents[tests[path]["id"]]
        assert incident["present"] is present and incident["issue_version"] == 1
        case_id = path[len("mmapcheck."):].replace(".", "/", 1)
        issue = issues[incident["issue_id"]]
        assert issue["id"] == f"mmapcheck:expected/linux:{case_id}" and issue["version"] == 1
        assert issue["culprit"] == {"code": True, "tool": False, "harness": False}
        assert issue["misc"]["citation"] == tests[path]["misc"]["citation"] != ""
        # The entry's reason, for an xpass too (whose own reason only says the entry is stale)
        assert issue["report_subject"] == issue["comment"] == entry_reason(case_id)
        assert tests[path]["misc"]["expected_reason"] == entry_reason(case_id)


def entry_reason(case_id):
    from mmapcheck.cases import collect
    from mmapcheck.expected import parse_expected
    return parse_expected(ROOT / "expected" / "linux", {c.id for c in collect()})[case_id].reason


def test_an_older_reports_deviations_are_named_by_the_expected_file_they_are_in():
    """gVisor's own file wins over the OS's, as when the run was judged."""
    sub = submission(GVISOR)
    assert sorted(i["id"] for i in sub["issues"]) == ["mmapcheck:expected/gvisor:ftruncate/pipe-einval",
                                                      f"mmapcheck:expected/linux:{DENYWRITE}"]


def test_the_path_is_mmapcheck_call_claim_in_the_schemas_syntax(box):
    pattern = re.compile(json.loads(SCHEMA.read_text())["$defs"]["path"]["pattern"]) if SCHEMA.is_file() else None
    for test in box["tests"]:
        case_id = test["id"].rsplit(":", 1)[1]
        assert test["path"] == "mmapcheck." + case_id.replace("/", ".")
        assert pattern is None or pattern.fullmatch(test["path"])


def test_the_log_excerpt_is_the_cases_own_ktap(box):
    for test in box["tests"]:
        case_id = test["id"].rsplit(":", 1)[1]
        assert test.get("log_excerpt", "") == (BOX / "ktap" / f"{case_id}.ktap").read_text()
    assert "log_excerpt" not in by_path(box)["mmapcheck.msync.sync-writes-data-to-file"], "not run: empty KTAP"
    assert sum("log_excerpt" in t for t in box["tests"]) == 7
    assert "log_excerpt" not in json.dumps(submission(DEBIAN)), "a published report keeps no KTAP"


def test_a_long_ktap_keeps_its_end_and_says_it_is_cut(tmp_path):
    report = shutil.copytree(BOX, tmp_path / "box")
    ktap = report / "ktap" / "mmap" / "len-zero-einval.ktap"
    end = ktap.read_text()
    ktap.write_text("".join(f"# line {n} \x1b[31m\n" for n in range(20000)) + end)
    excerpt = by_path(submission(report))["mmapcheck.mmap.len-zero-einval"]["log_excerpt"]
    assert len(excerpt) <= 16384 and excerpt.endswith(end)
    assert excerpt.startswith(f"[ktap/mmap/len-zero-einval.ktap is {ktap.stat().st_size} bytes: its beginning "
                              "is cut, its end follows]\n# line ")
    assert "\x1b" not in excerpt and "\\x1b[31m" in excerpt, "an escape sequence is shown, not sent"


def test_the_kernel_is_the_checkout_and_the_build(box):
    sub = submission(DEBIAN, BOX)
    checkouts, builds = {c["id"]: c for c in sub["checkouts"]}, {b["id"]: b for b in sub["builds"]}
    debian = checkouts["mmapcheck:linux-6.1.0-57-amd64-x86_64-musl-qemu"]
    assert debian["comment"] == "Debian package linux-image-6.1.0-57-amd64 6.1.192-3"
    assert (debian["misc"]["kernel_package"], debian["misc"]["kernel_package_version"]) == \
        ("linux-image-6.1.0-57-amd64", "6.1.192-3")
    assert "git_commit_hash" not in debian, "a Debian kernel has no commit unless one is given"
    assert checkouts["mmapcheck:box-6.18"]["comment"] == "Linux 6.18.44-fc-v669 x86_64"
    build = builds["mmapcheck:linux-6.1.0-57-amd64-x86_64-musl-qemu"]
    assert build["checkout_id"] == debian["id"]
    assert (build["architecture"], build["config_name"]) == ("x86_64", "6.1")
    assert (build["misc"]["platform"]["page_size"], build["misc"]["platform"]["libc"]) == ("4096", "musl")
    assert builds["mmapcheck:box-6.18"]["misc"]["target_problems"] == \
        ["no '# mmapcheck-done' marker: the run stopped early (guest died or output cut)"]
    assert {t["build_id"] for t in sub["tests"]} == set(builds)


@pytest.mark.parametrize("given, field, value", [
    ("0123456789abcdef0123456789ABCDEF01234567", "git_commit_hash", "0123456789abcdef0123456789abcdef01234567"),
    ("517e6a9", "git_commit_name", "517e6a9"),  # abbreviated: the schema's hash is 40 digits
])
def test_git_commit_names_every_checkouts_commit(given, field, value):
    sub = submission(BOX, DEBIAN, extra=("--git-commit", given))
    assert [c[field] for c in sub["checkouts"]] == [value, value]


@pytest.mark.parametrize("commit", ["517e6a", "xyz1234567", "0123456789abcdef0123456789abcdef012345678", ""])
def test_a_git_commit_that_is_no_hash_is_refused(commit):
    assert "--git-commit" in refused(export("--kcidb", "--origin", "mmapcheck", "--git-commit", commit, BOX,
                                            check=False))


def test_ids_are_stable_across_exports_and_prefixed_by_the_origin(tmp_path):
    for name in ("a.json", "b.json"):
        proc = export("--kcidb", "--origin", "lab_7", "--output", tmp_path / name, BOX, DEBIAN)
        assert proc.stdout.startswith("kcidb: 2 checkouts, 2 builds, 12 tests, 4 issues, 5 incidents in ")
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()
    sub = json.loads((tmp_path / "a.json").read_text())
    ids = [o["id"] for kind in ("checkouts", "builds", "tests", "issues", "incidents") for o in sub[kind]]
    assert all(i.startswith("lab_7:") for i in ids)
    assert all(o["origin"] == "lab_7" for kind in sub if kind != "version" for o in sub[kind])
    assert [t["id"] for t in sub["tests"] if t["path"] == "mmapcheck.mmap.len-zero-einval"] == [
        f"lab_7:box-6.18:{run_part(BOX)}:mmap/len-zero-einval",
        f"lab_7:linux-6.1.0-57-amd64-x86_64-musl-qemu:{run_part(DEBIAN)}:mmap/len-zero-einval"]


def run_part(report):
    started = json.loads((report / "summary.json").read_text())["started"]
    return datetime.datetime.fromisoformat(started).astimezone(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def test_several_reports_make_one_submission_sharing_an_issue():
    sub = submission(BOX, DEBIAN, GVISOR)
    cases = sum(len(json.loads((d / "summary.json").read_text())["cases"]) for d in (BOX, DEBIAN, GVISOR))
    assert (len(sub["checkouts"]), len(sub["builds"]), len(sub["tests"])) == (3, 3, cases)
    issue = f"mmapcheck:expected/linux:{DENYWRITE}"
    assert [i["id"] for i in sub["issues"]].count(issue) == 1
    met = {i["test_id"].split(":")[1]: i["present"] for i in sub["incidents"] if i["issue_id"] == issue}
    assert met == {"box-6.18": False, "linux-6.1.0-57-amd64-x86_64-musl-qemu": True,
                   "gvisor-4.4.0-x86_64-runsc-20221219.0": True}


def test_every_published_report_exports_valid(validator, tmp_path):
    reports = sorted(p for p in (ROOT / "reports").glob("*") if (p / "summary.json").is_file())
    assert reports
    export("--kcidb", "--origin", "mmapcheck", "--output", tmp_path / "all.json", *reports)
    sub = json.loads((tmp_path / "all.json").read_text())
    assert schema_errors(validator, sub) == []
    summaries = [json.loads((p / "summary.json").read_text()) for p in reports]
    assert len(sub["tests"]) == sum(len(s["cases"]) for s in summaries)
    assert len(sub["incidents"]) == sum(c["verdict"] in ("xfail", "xpass") for s in summaries for c in s["cases"])
    assert len(sub["checkouts"]) == len(sub["builds"]) == len(reports)
    assert len({t["id"] for t in sub["tests"]}) == len(sub["tests"])


# --- hostile input -------------------------------------------------------------

def hostile_copy(tmp_path, change):
    report = shutil.copytree(BOX, tmp_path / "box")
    summary = json.loads((report / "summary.json").read_text())
    change(summary)
    (report / "summary.json").write_text(json.dumps(summary))
    return report


@pytest.mark.parametrize("content, says", [
    ('{"platform": {"id": "x"}, "cases": [', "not JSON"),
    ("[]", "not a JSON object"),
    ('{"platform": {"id": "x"}, "cases": [{"id": "../../etc/passwd"}]}', "cases[0].id"),
    ('{"platform": {"id": "x", "a\\nb": []}, "cases": []}', "platform.a\\nb"),
    ("[" * 100000, "nested too deeply"),
])
def test_a_summary_that_is_not_one_is_one_line_exit_2(tmp_path, content, says):
    (tmp_path / "summary.json").write_text(content)
    line = refused(export("--kcidb", "--origin", "mmapcheck", tmp_path, check=False))
    assert line.startswith(f"runner.py: {tmp_path}/summary.json: ") and says in line


def test_a_missing_or_linked_summary_is_one_line_exit_2(tmp_path):
    assert "cannot read" in refused(export("--kcidb", "--origin", "mmapcheck", tmp_path / "nothing", check=False))
    (tmp_path / "linked").mkdir()
    (tmp_path / "linked" / "summary.json").symlink_to(BOX / "summary.json")
    assert "a symbolic link, not followed" in refused(
        export("--kcidb", "--origin", "mmapcheck", tmp_path / "linked", check=False))


def test_a_linked_ktap_file_or_directory_or_a_fifo_is_not_read_and_is_named(tmp_path):
    report = shutil.copytree(BOX, tmp_path / "box")
    secret = tmp_path / "secret"
    secret.write_text("root:secret\n")
    linked = report / "ktap" / "mmap" / "len-zero-einval.ktap"
    linked.unlink()
    linked.symlink_to(secret)
    shutil.rmtree(report / "ktap" / "munmap")
    (report / "ktap" / "munmap").symlink_to(BOX / "ktap" / "munmap")
    fifo = report / "ktap" / "madvise" / "cold-hugetlb-einval.ktap"
    fifo.unlink()
    os.mkfifo(fifo)  # a read that would never end
    proc = export("--kcidb", "--origin", "mmapcheck", report)
    sub = json.loads(proc.stdout)
    assert "root:secret" not in proc.stdout
    for path in ("mmapcheck.mmap.len-zero-einval", "mmapcheck.munmap.len-zero-einval"):
        test = by_path(sub)[path]
        assert "log_excerpt" not in test and "a symbolic link, not followed" in test["misc"]["log_excerpt_note"]
    assert f"note: {linked}: not read: a symbolic link, not followed" in proc.stderr.splitlines()
    assert f"note: {fifo}: not read: not a regular file" in proc.stderr.splitlines()
    assert by_path(sub)["mmapcheck.mmap.len-exceeds-address-space-einval"]["log_excerpt"], "the others are read"


def test_huge_and_hostile_strings_stay_within_bounds(validator, tmp_path):
    def change(summary):
        summary["platform"]["id"] = "box\0\n\u202e:x"
        summary["platform"].update({f"fact{n}": "v" * 10000 for n in range(200)})
        case = summary["cases"][0]
        case.update(reason="r\0" * 1_000_000, claim="\ud800" * 10, sources=["s" * 10000] * 200,
                    observed={f"k{n}": "v" for n in range(10000)}, duration_s=-1, exit_code="1")
        summary["started"] = "not a time"
    report = hostile_copy(tmp_path, change)
    proc = export("--kcidb", "--origin", "mmapcheck", report)
    sub = json.loads(proc.stdout)
    assert schema_errors(validator, sub) == []
    assert len(proc.stdout) < 2_000_000
    test = next(t for t in sub["tests"] if t["misc"]["reason"].startswith("r\\x00"))
    assert len(test["misc"]["reason"]) <= 4096 and test["misc"]["reason"].endswith(" [...cut]")
    assert "duration" not in test and "exit_code" not in test["misc"] and "start_time" not in test
    assert len(test["misc"]["observed"]) == 64 and len(test["misc"]["sources"]) == 64
    assert "\\ud800" in test["misc"]["claim"]
    build = sub["builds"][0]
    assert re.fullmatch(r"mmapcheck:box____x~[0-9a-f]{12}", build["id"]), "sanitized, told apart by a hash"
    assert len(build["misc"]["platform"]) == 64
    assert "started is not an RFC 3339 time" in proc.stderr


@pytest.mark.parametrize("origin", ["MMAPCHECK", "mm-check", "", "a" * 65, "x\ny"])
def test_an_origin_the_schema_refuses_is_one_line_exit_2(origin):
    assert "--origin" in refused(export("--kcidb", "--origin", origin, BOX, check=False))


def test_the_same_run_given_twice_is_refused(tmp_path):
    copy_of_box = shutil.copytree(BOX, tmp_path / "again")
    assert "the same run as" in refused(export("--kcidb", "--origin", "mmapcheck", BOX, copy_of_box, check=False))


def test_the_output_is_written_whole_and_never_through_a_link(tmp_path):
    target = tmp_path / "elsewhere"
    target.write_text("keep")
    (tmp_path / "out.json").symlink_to(target)
    assert "symbolic link" in refused(
        export("--kcidb", "--origin", "mmapcheck", "--output", tmp_path / "out.json", BOX, check=False))
    assert target.read_text() == "keep" and sorted(os.listdir(tmp_path)) == ["elsewhere", "out.json"]


def test_the_format_must_be_named():
    proc = export("--origin", "mmapcheck", BOX, check=False)
    assert proc.returncode == 2 and "--kcidb" in proc.stderr

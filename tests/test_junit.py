"""junit.xml as a CI dashboard reads it, on reports ingested from a captured
stream (tests/fixtures/ingest/busybox-4.txt: a pass, a skip, a cited
deviation), cut before its last case (a case not run, a target problem):
valid against the Jenkins xUnit plugin's schema (../shared/schemas/junit-10.xsd),
each kind of non-pass told apart, the platform's facts and the run's time on
the suite, and the suites of two platforms named apart."""

import json
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LOG = ROOT / "tests" / "fixtures" / "ingest" / "busybox-4.txt"
SCHEMA = ROOT.parent / "shared" / "schemas" / "junit-10.xsd"
LAST_CASE = "# mmapcheck-case: munmap/len-zero-einval"
CASES = ["madvise/cold-hugetlb-einval", "mmap/len-exceeds-address-space-einval",
         "mmap/len-zero-einval", "munmap/len-zero-einval"]


def ingest(text, platform, reports):
    proc = subprocess.run([sys.executable, str(ROOT / "runner.py"), "ingest", "-", "--platform", platform,
                           "--reports", str(reports), *CASES], input=text, capture_output=True, text=True, timeout=120)
    assert proc.returncode in (0, 1), proc.stderr
    return reports / platform


@pytest.fixture(scope="module")
def cut_report(tmp_path_factory):
    text = LOG.read_text()
    assert LAST_CASE in text
    return ingest(text[:text.index(LAST_CASE)], "box-cut", tmp_path_factory.mktemp("reports"))


def suite_and_cases(report):
    suite = ET.parse(report / "junit.xml").getroot()
    return suite, {tc.get("name"): tc for tc in suite.iter("testcase")}


def test_junit_xml_is_valid_against_the_jenkins_schema(cut_report):
    if not shutil.which("xmllint"):
        pytest.skip("no xmllint: apt-get install libxml2-utils")
    if not SCHEMA.is_file():
        pytest.skip(f"no {SCHEMA} (the reference material beside the repository)")
    proc = subprocess.run(["xmllint", "--noout", "--schema", str(SCHEMA), str(cut_report / "junit.xml")],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr


def test_each_kind_of_non_pass_is_told_apart_with_its_reason_as_text(cut_report):
    suite, cases = suite_and_cases(cut_report)
    summary = json.loads((cut_report / "summary.json").read_text())
    verdicts = {c["id"]: c for c in summary["cases"]}
    assert {cid: c["verdict"] for cid, c in verdicts.items()} == {
        "madvise/cold-hugetlb-einval": "skip", "mmap/len-exceeds-address-space-einval": "xfail",
        "mmap/len-zero-einval": "pass", "munmap/len-zero-einval": "notrun"}
    for cid, c in verdicts.items():
        skipped = cases[cid].find("skipped")
        if c["verdict"] == "pass":
            assert skipped is None and cases[cid].find("failure") is None
            continue
        assert skipped.get("type") == c["verdict"], cid
        assert skipped.text == f"{c['verdict']}: {c['reason']}" == skipped.get("message")
    # The cited deviation carries its citation.
    assert "[" in cases["mmap/len-exceeds-address-space-einval"].find("skipped").text
    assert suite.get("skipped") == "3" and suite.get("tests") == str(4 + len(summary["target_problems"]))


def test_a_target_problem_is_named_by_what_happened(cut_report):
    suite, cases = suite_and_cases(cut_report)
    problems = json.loads((cut_report / "summary.json").read_text())["target_problems"]
    assert problems
    for problem in problems:
        tc = cases[f"target problem: {problem[:120]}"]
        assert tc.get("classname") == "mmapcheck.target" and tc.find("error").get("message") == problem
    assert suite.get("errors") == str(len(problems))


def test_the_suite_carries_the_platform_its_time_and_when(cut_report):
    suite, _ = suite_and_cases(cut_report)
    summary = json.loads((cut_report / "summary.json").read_text())
    assert suite.get("name") == "mmapcheck.box-cut" and suite.get("hostname") == "box-cut"
    assert suite.get("timestamp") == summary["started"] != ""
    assert float(suite.get("time")) == pytest.approx(summary["run_wall_s"], abs=0.001)
    properties = {p.get("name"): p.get("value") for p in suite.find("properties")}
    for key, value in summary["platform"].items():
        assert properties[f"platform.{key}"] == str(value)
    assert properties["platform.page_size"] == "4096"


def test_two_platforms_merged_in_one_dashboard_keep_their_suites_apart(tmp_path):
    names = {ET.parse(ingest(LOG.read_text(), platform, tmp_path) / "junit.xml").getroot().get("name")
             for platform in ("box-a", "box-b")}
    assert names == {"mmapcheck.box-a", "mmapcheck.box-b"}

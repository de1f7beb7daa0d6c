"""reports/matrix.md from per-target summaries: rows that differ first, the
observations that differ from native, and the targets that could not run."""

import json
import re
import subprocess

from mmapcheck import ROOT, matrix


def summary(tmp_path, name, cases, problems=()):
    d = tmp_path / name
    d.mkdir()
    totals = {v: 0 for v in ("pass", "fail", "xpass", "xfail", "skip", "error", "notrun")}
    for c in cases:
        totals[c["verdict"]] += 1
    (d / "summary.json").write_text(json.dumps({
        "platform": {"id": f"linux-{name}"}, "totals": totals, "target_problems": list(problems),
        "cases": cases}))
    return d


def case(cid, verdict, **observed):
    return {"id": cid, "verdict": verdict, "observed": observed}


def target_run(spec, report=None, error=None):
    tr = matrix.TargetRun(spec)
    tr.report, tr.error, tr.status = report, error, "done" if report else "could not run"
    return tr


def test_rows_that_differ_come_first_with_the_observations_that_differ(tmp_path):
    native = summary(tmp_path, "native", [case("a/same", "pass", errno="EINVAL"),
                                          case("b/differs", "pass", errno="EAGAIN", n="1")])
    old = summary(tmp_path, "old", [case("a/same", "pass", errno="EINVAL"),
                                    case("b/differs", "xfail", errno="ENOMEM", n="1")],
                  problems=["the guest hung"])
    text = matrix.matrix_markdown([target_run("native", native), target_run("kernel:5.10", old),
                                   target_run("gvisor", error="runsc not found: apt-get install runsc")])
    rows = [line for line in text.splitlines() if line.startswith("| `")]
    assert rows == ["| `b/differs` | pass | xfail errno=ENOMEM |", "| `a/same` | pass | pass |"]
    assert "- `gvisor`: runsc not found: apt-get install runsc" in text
    assert "| kernel:5.10 | linux-old | 1 | 0 | 1 | 0 | 0 | 0 |" in text
    assert "the guest hung" in text


def test_the_matrix_says_when_and_from_which_commit_it_was_made(tmp_path):
    native = summary(tmp_path, "native", [case("a/same", "pass")])
    text = matrix.matrix_markdown([target_run("native", native)])
    head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                          text=True).stdout.strip()
    made = text.splitlines()[2]
    assert re.fullmatch(r"Made by `make matrix` on 20\d\d-\d\d-\d\d from commit \S+\.", made), made
    assert head and head in made


def test_the_commit_is_dirty_for_changed_code_but_not_for_the_reports_the_matrix_writes(tmp_path):
    def git(*args):
        subprocess.run(["git", "-C", str(tmp_path), *args], check=True, capture_output=True)
    git("init", "-q")
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "matrix.md").write_text("old\n")
    (tmp_path / "runner.py").write_text("old\n")
    git("add", ".")
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "x")
    head = subprocess.run(["git", "-C", str(tmp_path), "rev-parse", "--short", "HEAD"], capture_output=True,
                          text=True).stdout.strip()
    (tmp_path / "reports" / "matrix.md").write_text("new\n")
    (tmp_path / "reports" / "new-platform").mkdir()
    assert matrix.made_from(tmp_path) == f"commit {head}"
    (tmp_path / "runner.py").write_text("changed\n")
    assert matrix.made_from(tmp_path) == f"commit {head}-dirty"

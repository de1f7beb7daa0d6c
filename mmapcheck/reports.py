"""Reports of a run: summary.json, report.md (deviations first), junit.xml and
each case's KTAP, written whole into reports/<platform>/."""

import json
import os
import shutil
import tempfile
import xml.etree.ElementTree as ET

from . import REPORTS_DIR, UsageError
from .expected import VERDICT_ORDER


def totals(runs):
    t = {v: 0 for v in VERDICT_ORDER}
    for r in runs:
        t[r.verdict] += 1
    return t


def totals_line(t):
    return (f"{t['pass']} passed, {t['fail']} failed, {t['skip']} skipped, "
            f"{t['xfail']} xfailed, {t['xpass']} xpassed, {t['error']} errors"
            + (f", {t['notrun']} not run" if t.get("notrun") else ""))


def observed_text(observed):
    return " ".join(f"{k}={v}" for k, v in observed.items())


def case_record(r):
    return {
        "id": r.case.id, "claim": r.case.claim, "sources": r.case.sources,
        "tags": r.case.tags, "outcome": r.outcome,
        "expected": r.expected.outcome if r.expected else "pass",
        "verdict": r.verdict, "observed": r.observed, "reason": r.reason,
        "citation": r.expected.cite if r.expected else None,
        "exit_code": r.returncode, "duration_s": round(r.duration_s, 4),
    }


def check_writable(root):
    """Fails before a run, not after it, when the report cannot be written."""
    try:
        root.mkdir(parents=True, exist_ok=True)
        tempfile.TemporaryFile(dir=root).close()
    except OSError as e:
        raise UsageError(f"report directory {root} is not writable: {e.strerror}")


def write_reports(suite, selected_all, root=REPORTS_DIR):
    """Writes reports/<platform id>/ whole, replacing only that platform's
    previous report.  It is complete only when every case ran to its end.
    Returns the directory."""
    plat = suite.platform
    complete = selected_all and not suite.interrupted and not suite.target_problems
    final = root / plat["id"]
    tmp = root / f".{plat['id']}.partial-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        write_report_files(suite, plat, complete, tmp)
    except BaseException:  # an error or Ctrl-C: no half-written directory left behind
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    shutil.rmtree(final, ignore_errors=True)
    os.replace(tmp, final)
    return final


def write_report_files(suite, plat, complete, tmp):
    (tmp / "ktap").mkdir(parents=True)
    runs = sorted(suite.runs, key=lambda r: r.case.id)
    summary = {
        "format": 1, "complete": complete, "interrupted": suite.interrupted,
        "started": suite.started, "run_wall_s": round(suite.wall_s, 4),
        "platform": plat, "totals": totals(runs), "target_problems": suite.target_problems,
        "cases": [case_record(r) for r in runs],
    }
    (tmp / "summary.json").write_text(json.dumps(summary, indent=2) + "\n")
    (tmp / "report.md").write_text(markdown_report(plat, runs, complete, suite.interrupted,
                                                         suite.target_problems))
    junit_report(runs, suite.target_problems).write(tmp / "junit.xml", encoding="unicode",
                                                     xml_declaration=True)
    for r in runs:
        path = tmp / "ktap" / (r.case.id + ".ktap")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(r.stdout)
        if r.stderr:
            path.with_suffix(".stderr").write_text(r.stderr)


def md_cell(text):
    return str(text).replace("|", "\\|").replace("\n", " ")


def markdown_report(plat, runs, complete, interrupted=False, target_problems=()):
    t = totals(runs)
    lines = [f"# mmapcheck report: {plat['id']}", ""]
    if not complete:
        why = ("interrupted" if interrupted else "the target failed" if target_problems
               else "not every case was selected")
        lines += [f"**Incomplete run ({why}): {len(runs)} cases reported.**", ""]
    if target_problems:
        lines += ["## Target problems (not verdicts on the kernel)", ""]
        lines += [f"- {md_cell(p)}" for p in target_problems] + [""]
    lines += ["| platform | |", "|---|---|"]
    for key in ("target", "os", "release", "machine", "page_size", "libc", "uid", "tmpdir_fs",
                "hugepages", "max_map_count", "env_withheld"):
        if key not in plat:
            continue
        lines.append(f"| {key} | {md_cell(plat.get(key, ''))} |")
    lines += ["", f"**{totals_line(t)}**", ""]
    notable = [r for r in runs if r.verdict != "pass"]
    notable.sort(key=lambda r: (VERDICT_ORDER.index(r.verdict), r.case.id))
    if notable:
        lines += ["## Deviations and problems first", "",
                  "| verdict | case | observed | reason |", "|---|---|---|---|"]
        for r in notable:
            lines.append(f"| {r.verdict} | `{r.case.id}` | {md_cell(observed_text(r.observed))} "
                         f"| {md_cell(r.reason)} |")
        lines.append("")
    for call in sorted({r.case.call for r in runs}):
        lines += [f"## {call}", "", "| verdict | case | claim | observed |", "|---|---|---|---|"]
        for r in runs:
            if r.case.call == call:
                lines.append(f"| {r.verdict} | `{r.case.id}` | {md_cell(r.case.claim)} "
                             f"| {md_cell(observed_text(r.observed))} |")
        lines.append("")
    return "\n".join(lines)


def junit_report(runs, target_problems=()):
    t = totals(runs)
    suite = ET.Element("testsuite", name="mmapcheck", tests=str(len(runs) + len(target_problems)),
                       failures=str(t["fail"] + t["xpass"]), errors=str(t["error"] + len(target_problems)),
                       skipped=str(t["skip"] + t["xfail"] + t["notrun"]),
                       time=f"{sum(r.duration_s for r in runs):.3f}")
    for r in runs:
        tc = ET.SubElement(suite, "testcase", classname=r.case.call, name=r.case.id,
                           time=f"{r.duration_s:.3f}")
        if r.verdict in ("fail", "xpass"):
            ET.SubElement(tc, "failure", message=r.reason).text = failure_text(r)
        elif r.verdict == "error":
            ET.SubElement(tc, "error", message=r.reason).text = failure_text(r)
        elif r.verdict in ("skip", "xfail", "notrun"):
            ET.SubElement(tc, "skipped", message=f"{r.verdict}: {r.reason}")
        ET.SubElement(tc, "system-out").text = r.stdout
    for i, problem in enumerate(target_problems, 1):
        tc = ET.SubElement(suite, "testcase", classname="target", name=f"target-problem-{i}", time="0")
        ET.SubElement(tc, "error", message=problem).text = problem
    return ET.ElementTree(suite)


def failure_text(r):
    """The short domain report for a case that did not pass: no traceback."""
    lines = [f"{r.case.id}: {r.verdict.upper()}",
             f"  claim:    {r.case.claim}"]
    lines += [f"  source:   {s}" for s in r.case.sources]
    expected = f"fail ({r.expected.reason}; {r.expected.cite})" if r.expected else "the claim holds"
    lines += [f"  expected: {expected}",
              f"  outcome:  {r.outcome}" + (f" ({r.reason})" if r.reason else ""),
              f"  observed: {observed_text(r.observed) or '(nothing)'}"]
    lines += [f"  # {d}" for d in r.diagnostics if not d.startswith("Totals:")]
    if r.stderr.strip():
        lines += ["  stderr:"] + [f"    {l}" for l in r.stderr.strip().splitlines()[-20:]]
    return "\n".join(lines)

"""Reports of a run: summary.json, report.md (deviations first), junit.xml and
each case's KTAP, written whole into reports/<platform>/."""

import math
import shutil
import tempfile
import xml.etree.ElementTree as ET

from . import REPORTS_DIR, UsageError
from .escape import json_text, md_cell, md_code, terminal_text, xml_text
from .expected import VERDICT_ORDER
from .safe_write import partial_dir, write_dir


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
        "expected_file": r.expected.file if r.expected else None,
        "exit_code": r.returncode, "duration_s": round(r.duration_s, 4),
        "runner_verdict": r.runner_verdict,
    }


def check_writable(root):
    """Fails before a run, not after it, when the report cannot be written."""
    try:
        root.mkdir(parents=True, exist_ok=True)
        tempfile.TemporaryFile(dir=root).close()
    except OSError as e:
        raise UsageError(f"report directory {root} is not writable: {e.strerror}")


class KtapSpool:
    """The report directory to be, filled with each case's KTAP as the case
    ends (the runner's main thread only waits for the cases meanwhile; after
    them, creating some 500 files cost a fifth of a whole run here).  Given to
    write_reports(), which adds the rest and renames it into place; closing an
    unused one removes it."""

    def __init__(self, root):
        self.dir, self.written = partial_dir(root), set()

    def add(self, run):
        write_ktap(self.dir, run)
        self.written.add(run.case.id)

    def close(self):
        if self.dir is not None:
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = None


def write_reports(suite, selected_all, root=REPORTS_DIR, spool=None):
    """Writes reports/<platform id>/ whole, replacing only that platform's
    previous report.  It is complete only when every case ran to its end.
    spool, if given, holds the KTAP of the runs it was given; it is used up.
    Returns the directory."""
    plat = suite.platform
    if plat["id"] in ("", ".", "..") or "/" in plat["id"] or "\0" in plat["id"]:
        raise UsageError(f"platform id {plat['id']!r} cannot name a report directory")
    complete = selected_all and not suite.interrupted and not suite.target_problems
    tmp, written = None, set()
    if spool:
        tmp, written, spool.dir = spool.dir, spool.written, None
    return write_dir(root / plat["id"], lambda tmp: write_report_files(suite, plat, complete, tmp, written),
                     tmp)


def write_ktap(directory, run):
    path = ktap_path(directory, run.case.id)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(run.stdout, encoding="utf-8", errors="replace")
    if run.stderr:
        path.with_suffix(".stderr").write_text(run.stderr, encoding="utf-8", errors="replace")


def write_report_files(suite, plat, complete, tmp, written=()):
    """Into tmp, a directory of our own that nobody else can write into; the
    KTAP of the cases in written is there already."""
    (tmp / "ktap").mkdir(exist_ok=True)
    runs = sorted(suite.runs, key=lambda r: r.case.id)
    summary = {
        "format": 1, "complete": complete, "interrupted": suite.interrupted,
        "started": suite.started, "run_wall_s": round(suite.wall_s, 4),
        "platform": plat, "totals": totals(runs), "target_problems": suite.target_problems,
        "cases": [case_record(r) for r in runs],
    }
    (tmp / "summary.json").write_text(json_text(summary), encoding="utf-8")
    (tmp / "report.md").write_text(markdown_report(plat, runs, complete, suite.interrupted,
                                                   suite.target_problems), encoding="utf-8")
    junit_report(runs, plat, suite.started, suite.wall_s, suite.target_problems).write(
        tmp / "junit.xml", encoding="utf-8", xml_declaration=True)
    for r in runs:
        if r.case.id not in written:
            write_ktap(tmp, r)


def ktap_path(directory, case_id):
    """ktap/<id>.ktap, never outside the report: an id names a file below cases/."""
    if any(part in ("", ".", "..") for part in case_id.split("/")) or "\0" in case_id:
        raise UsageError(f"case id {case_id!r} cannot name a file in the report")
    return directory / "ktap" / (case_id + ".ktap")


def markdown_report(plat, runs, complete, interrupted=False, target_problems=()):
    t = totals(runs)
    lines = [f"# mmapcheck report: {md_cell(plat['id'])}", ""]
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
            lines.append(f"| {md_cell(r.verdict)} | {md_code(r.case.id)} | {md_cell(observed_text(r.observed))} "
                         f"| {md_cell(r.reason)} |")
        lines.append("")
    for call in sorted({r.case.call for r in runs}):
        lines += [f"## {md_cell(call)}", "", "| verdict | case | claim | observed |", "|---|---|---|---|"]
        for r in runs:
            if r.case.call == call:
                lines.append(f"| {md_cell(r.verdict)} | {md_code(r.case.id)} | {md_cell(r.case.claim)} "
                             f"| {md_cell(observed_text(r.observed))} |")
        lines.append("")
    return "\n".join(lines)


def junit_time(seconds):
    """Seconds as JUnit's schema spells them: a NaN, an infinity or a negative
    duration (a log may say anything) is 0."""
    return f"{seconds:.3f}" if math.isfinite(seconds) and seconds >= 0 else "0"


# The kind of each <skipped>, so that a dashboard can tell a known, cited
# deviation (xfail) and a case that never ran (notrun) from a true skip.
SKIPPED_KINDS = ("skip", "xfail", "notrun")


def junit_report(runs, plat, started="", wall_s=0.0, target_problems=()):
    """One <testsuite> named after the platform (a matrix merged in one
    dashboard keeps its columns apart), its facts as <properties>, the run's
    wall time; every string through xml_text: a case's output may hold an ESC
    or a NUL, which XML 1.0 does not allow even escaped."""
    t = totals(runs)
    platform_id = str(plat.get("id", "unknown"))
    suite = ET.Element("testsuite", name=xml_text(f"mmapcheck.{platform_id}"),
                       tests=str(len(runs) + len(target_problems)),
                       failures=str(t["fail"] + t["xpass"]), errors=str(t["error"] + len(target_problems)),
                       skipped=str(sum(t[k] for k in SKIPPED_KINDS)), time=junit_time(wall_s),
                       timestamp=xml_text(started), hostname=xml_text(platform_id), package="mmapcheck")
    properties = ET.SubElement(suite, "properties")
    for key, value in sorted(plat.items()):
        ET.SubElement(properties, "property", name=xml_text(f"platform.{key}"), value=xml_text(str(value)))
    for r in runs:
        tc = ET.SubElement(suite, "testcase", classname=xml_text(f"mmapcheck.{r.case.call}"),
                           name=xml_text(r.case.id), time=junit_time(r.duration_s))
        if r.verdict in ("fail", "xpass"):
            ET.SubElement(tc, "failure", type=r.verdict, message=xml_text(r.reason)).text = xml_text(failure_text(r))
        elif r.verdict == "error":
            ET.SubElement(tc, "error", type=r.verdict, message=xml_text(r.reason)).text = xml_text(failure_text(r))
        elif r.verdict in SKIPPED_KINDS:
            # The reason as text too: some parsers read no attribute.
            text = f"{r.verdict}: {r.reason}"
            ET.SubElement(tc, "skipped", type=r.verdict, message=xml_text(text)).text = xml_text(text)
        ET.SubElement(tc, "system-out").text = xml_text(r.stdout)
        if r.stderr:
            ET.SubElement(tc, "system-err").text = xml_text(r.stderr)
    for problem in target_problems:
        # Named by what happened, not by its place: the same problem keeps its name from run to run.
        tc = ET.SubElement(suite, "testcase", classname="mmapcheck.target",
                           name=xml_text(f"target problem: {problem[:120]}"), time="0")
        ET.SubElement(tc, "error", type="target", message=xml_text(problem)).text = xml_text(problem)
    return ET.ElementTree(suite)


def failure_text(r):
    """The short domain report for a case that did not pass: no traceback; for
    a terminal, so nothing from the case's output acts on it."""
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
    return terminal_text("\n".join(lines))

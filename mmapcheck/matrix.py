"""make matrix: the suite on several targets at once, then reports/matrix.md,
one row per case and one column per target, rows that differ first."""

import datetime
import json
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

from . import REPORTS_DIR, ROOT
from .escape import md_cell, md_code

MATRIX_TARGETS = (
    # One core each, the longest first, so that they share the cores with each other
    "valgrind", "gvisor", "native", "uml", "qemu-user:aarch64:65536", "qemu-user:sparc64",
    # Both cores each (two vCPUs under TCG; two guests at once took three times as long)
    "kernel:5.10", "kernel:6.1", "kernel:6.12", "kernel:7.2", "kernel:6.1-rt",
    "kernel:6.12@arm64", "kernel:6.12-16k@arm64", "kernel:6.1@ppc64el", "kernel:6.12@s390x",
    "kernel:6.12@riscv64")
# Guests reserve huge pages so that the hugetlb claims are checked, not skipped.
MATRIX_HUGEPAGES = 16
# How many cores a target keeps busy: a guest runs two vCPUs.
WEIGHT = {"kernel": 2, "uml": 1}
VERDICT_LINE = re.compile(r"^(PASS|FAIL|SKIP|XFAIL|XPASS|ERROR|NOTRUN) ")
REPORT_LINE = re.compile(r"^report: (.*)/report\.md$")


class TargetRun:
    def __init__(self, spec):
        self.spec, self.done, self.report, self.error = spec, 0, None, None
        self.status, self.wall_s = "waiting", 0.0


def run_target(tr, extra_args, reports):
    tr.status, start = "running", time.monotonic()
    cmd = [sys.executable, str(ROOT / "runner.py"), "run", "--target", tr.spec,
           "--reports", str(reports), "--hugepages", str(MATRIX_HUGEPAGES), *extra_args]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, errors="replace", start_new_session=True)
    tr.proc = proc
    err = []
    reader = threading.Thread(target=lambda: err.extend(proc.stderr))
    reader.start()
    for line in proc.stdout:
        if VERDICT_LINE.match(line):
            tr.done += 1
        m = REPORT_LINE.match(line.strip())
        if m:
            tr.report = Path(m.group(1)) if Path(m.group(1)).is_absolute() else ROOT / m.group(1)
    proc.wait()
    reader.join()
    tr.wall_s = time.monotonic() - start
    if proc.returncode == 2 or tr.report is None:
        lines = [l.strip() for l in err if l.strip()]
        tr.error = lines[-1] if lines else f"runner exited {proc.returncode} without a report"
        tr.status = "could not run"
    else:
        problems = [l.strip() for l in err if l.startswith("TARGET ERROR")]
        tr.error = "; ".join(problems) or None
        tr.status = "done"


def run_matrix(targets, extra_args, reports=REPORTS_DIR, cores=None, out=sys.stdout):
    """Runs the targets, as many at once as the cores allow, showing progress."""
    cores = cores or os.cpu_count() or 1
    runs = [TargetRun(t) for t in targets]
    threads, busy, lock = [], [0], threading.Condition()

    def worker(tr, weight):
        try:
            run_target(tr, extra_args, reports)
        finally:
            with lock:
                busy[0] -= weight
                lock.notify_all()

    start = time.monotonic()
    try:
        for tr in runs:
            weight = min(cores, WEIGHT.get(tr.spec.split(":")[0], 1))
            with lock:
                while busy[0] + weight > cores:
                    lock.wait(2.0)
                    progress(runs, start, out)
                busy[0] += weight
            t = threading.Thread(target=worker, args=(tr, weight))
            t.start()
            threads.append(t)
        for t in threads:
            while t.is_alive():
                t.join(2.0)
                progress(runs, start, out)
    except KeyboardInterrupt:
        for tr in runs:
            if getattr(tr, "proc", None) and tr.proc.poll() is None:
                os.killpg(tr.proc.pid, 2)  # SIGINT: each runner ends its own target cleanly
        for t in threads:
            t.join()
        raise
    progress(runs, start, out, final=True)
    return runs


def progress(runs, start, out, final=False, shown=[None]):
    """One line per change: which targets run and how many cases each has done."""
    parts = [f"{tr.spec}: {tr.status if tr.status != 'running' else f'{tr.done} cases'}"
             for tr in runs if tr.status != "waiting" or final]
    if parts != shown[0] or final:
        shown[0] = parts
        out.write(f"[matrix {time.monotonic() - start:4.0f} s] " + ", ".join(parts) + "\n")
        out.flush()


def cell(case, native):
    text = case["verdict"]
    if native is not None:
        diff = {k: v for k, v in case["observed"].items() if native["observed"].get(k) != v}
        if diff:
            text += " " + " ".join(f"{k}={v}" for k, v in diff.items())
    return text


def made_from(root=ROOT):
    """The commit the runner is at, "-dirty" when code differs from it.  What
    differs under reports/ does not count: the matrix writes there itself."""
    def git(*args):
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, timeout=60)
    try:
        head, status = git("rev-parse", "--short", "HEAD"), git("status", "--porcelain", "--", ".", ":!reports")
    except (OSError, subprocess.TimeoutExpired):
        return "an unknown commit (no git)"
    if head.returncode != 0 or status.returncode != 0:
        return "an unknown commit (not a git checkout)"
    return f"commit {head.stdout.strip()}{'-dirty' if status.stdout.strip() else ''}"


def matrix_markdown(runs, made=None):
    summaries = {tr.spec: json.loads((tr.report / "summary.json").read_text())
                 for tr in runs if tr.report and (tr.report / "summary.json").exists()}
    columns = [tr.spec for tr in runs if tr.spec in summaries]
    by_case = {spec: {c["id"]: c for c in s["cases"]} for spec, s in summaries.items()}
    native = by_case.get("native", {})
    ids = sorted({cid for cases in by_case.values() for cid in cases})
    rows = []
    for cid in ids:
        cells = [cell(by_case[spec][cid], native.get(cid)) if cid in by_case[spec] else "-"
                 for spec in columns]
        differs = len(set(cells)) > 1 or any(c.split()[0] != "pass" for c in cells if c != "-")
        rows.append((not differs, cid, cells))
    rows.sort()
    made = made or (f"Made by `make matrix` on {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d} "
                    f"from {made_from()}.")
    lines = ["# mmapcheck matrix", "", md_cell(made), "",
             "Each cell: the verdict, then the observations that differ from native. "
             "Rows that differ from native or do not pass everywhere come first.", "",
             "| target | platform | pass | fail | xfail | skip | error | not run | wall s | target problems |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for tr in runs:
        if tr.spec in summaries:
            s = summaries[tr.spec]
            t = s["totals"]
            counts = (t["pass"], t["fail"] + t["xpass"], t["xfail"], t["skip"], t["error"], t.get("notrun", 0))
            lines.append(f"| {md_cell(tr.spec)} | {md_cell(s['platform']['id'])} | "
                         + " | ".join(md_cell(n) for n in counts)
                         + f" | {tr.wall_s:.0f} | {md_cell('; '.join(s.get('target_problems', [])))} |")
    missing = [tr for tr in runs if tr.spec not in summaries]
    if missing:
        lines += ["", "## Targets that could not run", ""]
        lines += [f"- {md_code(tr.spec)}: {md_cell(tr.error or 'no report')}" for tr in missing]
    lines += ["", "## Cases", "", "| case | " + " | ".join(md_cell(c) for c in columns) + " |",
              "|---|" + "---|" * len(columns)]
    lines += [f"| {md_code(cid)} | " + " | ".join(md_cell(c) for c in cells) + " |" for _, cid, cells in rows]
    return "\n".join(lines) + "\n"

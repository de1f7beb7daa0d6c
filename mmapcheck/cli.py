"""The command line: list, build, run, ingest, coverage, bench, matrix, compare, export.  No pytest import here."""

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import CASES_DIR, DEFAULT_TIMEOUT, REPORTS_DIR, ROOT, UsageError
from .build import Toolchain, build
from .cases import collect, lint_or_die, load_vocabulary, select
from .expected import BAD_VERDICTS, load_expected
from .reports import (KtapSpool, check_writable, failure_text, observed_text, totals, totals_line,
                      write_reports)
from .safe_write import write_file
from .suite import Suite
from .targets import TARGET_SPECS, parse_target


# `make bench`: a whole run of the native suite stays an edit-run loop.  The
# machine is shared and its timings vary by a fifth from run to run: the bars
# apply to the median of BENCH_RUNS runs.
BENCH_WALL_S = 1.7
BENCH_RATIO = 0.6
BENCH_RUNS = 5


def toolchain_from(args):
    return Toolchain(cc=args.cc, cflags=args.cflags, ksft_dir=args.ksft_dir,
                     build_dir=Path(args.build_dir).resolve())


def target_from(args):
    return parse_target(args.target, scratch=args.scratch, hugepages=args.hugepages)


def cmd_list(args):
    cases = select(collect(), args.cases)
    if args.json:
        print(json.dumps([{"id": c.id, "claim": c.claim, "sources": c.sources, "tags": c.tags,
                           "requires": c.requires} for c in cases], indent=2))
    else:
        for c in cases:
            print(f"{c.id:48} {c.claim}")
    return 0


def cmd_build(args):
    cases = select(collect(), args.cases)
    tc = toolchain_from(args)
    warned = {}
    failed = build(cases, tc, warned=warned)
    for cid, out in sorted(failed.items()):
        print(f"{cid}: does not build:\n{out}", file=sys.stderr)
    for cid, out in sorted(warned.items()) if args.werror else ():
        print(f"{cid}: warnings (--werror):\n{out}", file=sys.stderr)
    print(f"built {len(cases) - len(failed)} of {len(cases)} cases into {args.build_dir}"
          + (f", {len(warned)} with warnings" if warned else ""))
    return 1 if failed or (args.werror and warned) else 0


# Characters that would act on a terminal instead of being shown: controls
# (an escape sequence in a log from elsewhere), line separators, bidi overrides.
TERMINAL_UNSAFE = {c: f"\\x{c:02x}" for c in [*range(0x20), *range(0x7f, 0xa0)] if c != 0x0a}
TERMINAL_UNSAFE.update({c: f"\\u{c:04x}" for c in [0x2028, 0x2029, *range(0x202a, 0x202f),
                                                    *range(0x2066, 0x206a)]})


def shown(text):
    """Text from a case or a log as it may reach the terminal: escaped."""
    return text.translate(TERMINAL_UNSAFE)


def print_run(r, verbose):
    note = r.reason if r.verdict != "pass" else ""
    print(shown(f"{r.verdict.upper():6} {r.case.id:50} {observed_text(r.observed)}"
                + (f"\n       {note}" if note else "")), flush=True)
    if verbose or r.verdict in BAD_VERDICTS:
        if r.verdict in BAD_VERDICTS:
            print(shown(failure_text(r)))
        if verbose:
            print(shown(r.stdout), end="")


def cmd_run(args):
    all_cases = collect()
    lint_or_die(all_cases)
    load_expected({}, {c.id for c in all_cases})  # a bad entry stops the run before it starts
    cases = select(all_cases, args.cases)
    if args.tag:
        tags = load_vocabulary(CASES_DIR / "TAGS")
        unknown = [t for t in args.tag if t not in tags]
        if unknown:
            raise UsageError(f"unknown tag '{unknown[0]}' (see cases/TAGS)")
        cases = [c for c in cases if set(args.tag) & set(c.tags)]
    target = target_from(args)
    if not args.timeout > 0:
        raise UsageError("--timeout must be a positive number of seconds")
    selected_all = len(cases) == len(all_cases)
    reports = Path(args.reports) if args.reports else REPORTS_DIR
    if selected_all or args.reports:
        check_writable(reports)
    env = {"MMAPCHECK_ALLOW_SYSTEM_CHANGES": "1"} if args.allow_system_changes else {}
    suite = Suite(toolchain_from(args), args.timeout, args.jobs, env, target)
    spool = KtapSpool(reports) if selected_all or args.reports else None

    def progress(run):
        print_run(run, args.verbose)
        if spool:
            spool.add(run)
    try:
        suite.run(cases, progress=progress)
        t = totals(suite.runs)
        if not suite.platform:  # interrupted before the target said what it is
            raise UsageError(f"interrupted before any case ran on {args.target}")
        for problem in suite.target_problems:
            print(f"TARGET ERROR {args.target}: {problem}", file=sys.stderr)
        if spool:
            out = write_reports(suite, selected_all, reports, spool)
            print(f"report: {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}/report.md")
        print(f"{suite.platform['id']}: {totals_line(t)}")
    except KeyboardInterrupt:  # the cases ran: exit 2 as for an interrupt during them
        raise UsageError(f"interrupted while reporting: {len(suite.runs)} of {len(cases)} cases "
                         "finished; the report directory holds the previous report or this one, whole")
    finally:
        if spool:
            spool.close()
    if suite.interrupted:
        raise UsageError(f"interrupted: {len(suite.runs)} of {len(cases)} cases finished; "
                         "running cases were killed and the report is marked incomplete")
    return 1 if any(t[v] for v in BAD_VERDICTS) else 0


def cmd_coverage(args):
    """Which documented ERRORS and signal entries the cases check; writes reports/coverage.md."""
    from mmapcheck import coverage
    cases = collect()
    lint_or_die(cases)
    return coverage.main(cases, args.output, args.offline)


GUEST_SUITE_OVER_BOOT_S = 8.0  # `make bench TARGET=kernel:6.1`: the suite costs little more than the boot
GUEST_BENCH_RUNS = 3  # suites per guest bench: a whole suite takes 10-70 s under emulation


def bench_target(args):
    """A target's whole suite against a run of no case on it (for a kernel: the
    boot): the median of GUEST_BENCH_RUNS suites over the best of two boots."""
    target, cases = target_from(args), collect()
    target.check(target.toolchain(toolchain_from(args)))
    build(cases, target.toolchain(toolchain_from(args)))  # so that compiling is not counted

    def timed(selected):
        start = time.monotonic()
        suite = Suite(toolchain_from(args), DEFAULT_TIMEOUT, None, {}, target).run(selected)
        took = time.monotonic() - start
        if suite.target_problems:
            raise UsageError(f"target {args.target} failed: {'; '.join(suite.target_problems)}")
        if selected:
            print(f"suite on {suite.platform['id']}: {took:.2f} s; {totals_line(totals(suite.runs))}")
        return took

    boot = min(timed([]) for _ in range(2))
    every = sorted(timed(cases) for _ in range(GUEST_BENCH_RUNS))[GUEST_BENCH_RUNS // 2]
    added = every - boot
    print(f"{args.target}: a run of no case {boot:.2f} s (best of two); every case {every:.2f} s "
          f"(the median of {GUEST_BENCH_RUNS}); the suite adds {added:.2f} s (bar: < {GUEST_SUITE_OVER_BOOT_S:g} s)")
    print("bench: " + ("meets the bar" if added < GUEST_SUITE_OVER_BOOT_S else "MISSES the bar"))
    return 0 if added < GUEST_SUITE_OVER_BOOT_S else 1


def cmd_bench(args):
    """Wall time of a whole `runner.py run` against the sum of the cases' own times."""
    if args.target != "native":
        return bench_target(args)
    build(collect(), toolchain_from(args))  # so that compiling is not counted
    runs = [bench_native_run(args) for _ in range(BENCH_RUNS)]
    for i, (wall, run_wall, case_sum, _, _) in enumerate(runs, 1):
        print(f"run {i}: whole process {wall:.3f} s, running the cases {run_wall:.3f} s, "
              f"sum of the cases' times {case_sum:.3f} s")
    wall, run_wall, case_sum, summary, clean = sorted(runs)[len(runs) // 2]
    ratio = run_wall / case_sum if case_sum else float("inf")
    print(f"cases:                  {len(summary['cases'])} ({totals_line(summary['totals'])}), "
          f"{os.cpu_count()} cores; the median of {len(runs)} runs:")
    print(f"sum of the cases' times: {case_sum:.3f} s")
    print(f"runner, running them:    {run_wall:.3f} s  -> ratio {ratio:.2f} (bar: <= {BENCH_RATIO:.2f})")
    print(f"runner, whole process:   {wall:.3f} s  -> ratio {wall / case_sum:.2f} "
          f"(start-up, build check and reports included; bar: < {BENCH_WALL_S:g} s)")
    ok = ratio <= BENCH_RATIO and wall < BENCH_WALL_S and all(r[4] for r in runs)
    print("bench: " + ("meets the bar" if ok else
                       f"MISSES the bar (ratio <= {BENCH_RATIO:.2f}, wall < {BENCH_WALL_S:g} s, clean runs)"))
    return 0 if ok else 1


def bench_native_run(args):
    """(whole process s, running the cases s, sum of the cases' times s, summary, clean) of one run."""
    reports = Path(tempfile.mkdtemp(prefix="mmapcheck-bench-"))
    try:
        cmd = [sys.executable, str(ROOT / "runner.py"), "run", "--reports", str(reports),
               "--cc", args.cc, "--cflags", args.cflags, "--ksft-dir", args.ksft_dir,
               "--build-dir", args.build_dir]
        start = time.monotonic()
        proc = subprocess.run(cmd, stdout=subprocess.DEVNULL)
        wall = time.monotonic() - start
        summary = json.loads(next(reports.glob("*/summary.json")).read_text())
    finally:
        shutil.rmtree(reports, ignore_errors=True)
    case_sum = sum(c["duration_s"] for c in summary["cases"])
    return wall, summary["run_wall_s"], case_sum, summary, proc.returncode == 0


def cmd_matrix(args):
    """The suite on several targets, then reports/matrix.md."""
    from . import matrix
    targets = args.targets or list(matrix.MATRIX_TARGETS)
    parsed = [parse_target(spec) for spec in targets]  # an unknown target stops it before anything runs
    built, cases = set(), collect()
    for target in parsed:  # one build per toolchain first: targets that share one run at once
        tc = target.toolchain(toolchain_from(args))
        if tc.build_dir not in built:
            try:
                target.check(tc)
            except UsageError:
                continue  # that target's own run says what is missing
            print(f"[matrix] building for {target.spec} into {tc.build_dir}", flush=True)
            build(cases, tc)
            built.add(tc.build_dir)
    reports = Path(args.reports) if args.reports else REPORTS_DIR
    check_writable(reports)
    extra = ["--cc", args.cc, "--cflags", args.cflags, "--build-dir", args.build_dir,
             "--timeout", str(args.timeout)]
    start = time.monotonic()
    runs = matrix.run_matrix(targets, extra, reports)
    out = reports / "matrix.md"
    write_file(out, matrix.matrix_markdown(runs))
    for tr in runs:
        print(f"{tr.spec:26} {tr.status:14} {tr.wall_s:6.1f} s  {tr.error or ''}")
    print(f"matrix: {len(runs)} targets in {time.monotonic() - start:.0f} s; "
          f"report: {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")
    return 0 if all(tr.status == "done" for tr in runs) else 1


def cmd_compare(args):
    """Platforms side by side: reports/compare.md and reports/compare.html."""
    from .compare import compare
    out = Path(args.out) if args.out else REPORTS_DIR
    md, html, columns, rows = compare(args.reports, args.documented or [], out, collect())
    differ = sum(r.differs == "outcome" for r in rows)
    print(f"{len(rows)} cases on {len(columns)} columns; outcomes differ in {differ}")
    for path in (md, html):
        print(f"report: {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    return 0


def cmd_ingest(args):
    """A KTAP stream captured elsewhere (runner.sh's), kirk's JSON report of
    the bundle's runtest file, or a LAVA job's log -> reports/<ID>/, as `run`
    writes it."""
    from .ingest import check_report_id, ingest, open_log
    from .ingest_kirk import ingest_kirk, is_kirk_json
    from .ingest_lava import ingest_lava, is_lava_log
    check_report_id(args.platform)
    lint_or_die(collect())
    reports = Path(args.reports) if args.reports else REPORTS_DIR
    with open_log(args.logfile) as log:  # read a line at a time: memory stays bounded
        check_writable(reports)
        # a LAVA job's log (its records begin with '{"dt": '), kirk's JSON report, or a log
        read = ingest_lava if is_lava_log(log) else ingest_kirk if is_kirk_json(log) else ingest
        suite, selected_all, notes = read(log, args.platform, args.cases, name=args.logfile)
    for r in suite.runs:
        if r.verdict != "notrun":
            print_run(r, False)
    for note in notes:
        print(shown(f"note: {note}"), file=sys.stderr)
    for problem in suite.target_problems:
        print(shown(f"TARGET ERROR {args.platform}: {problem}"), file=sys.stderr)
    out = write_reports(suite, selected_all, reports)
    print(f"report: {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}/report.md")
    t = totals(suite.runs)
    print(f"{args.platform}: {totals_line(t)}")
    return 1 if suite.target_problems or any(t[v] for v in BAD_VERDICTS) else 0


# Notes on what an export left out (a KTAP file that is a link): the first
# few on the terminal, then how many more.
NOTES_SHOWN = 10


def cmd_export(args):
    """Report directories as one KCIDB submission, on stdout or into --output."""
    from . import kcidb
    from .escape import json_text
    kcidb.check_origin(args.origin)
    git_commit = kcidb.check_git_commit(args.git_commit) if args.git_commit is not None else None
    submission, notes = kcidb.export(args.reports, args.origin, git_commit)
    for note in notes[:NOTES_SHOWN]:
        print(shown(f"note: {note}"), file=sys.stderr)
    if len(notes) > NOTES_SHOWN:
        print(f"note: and {len(notes) - NOTES_SHOWN} more", file=sys.stderr)
    if args.output:
        write_file(args.output, json_text(submission))
    else:
        sys.stdout.write(json_text(submission))
        sys.stdout.flush()
    counts = ", ".join(f"{len(submission[k])} {k}" for k in ("checkouts", "builds", "tests", "issues", "incidents"))
    print(shown(f"kcidb: {counts}" + (f" in {args.output}" if args.output else "")),
          file=sys.stdout if args.output else sys.stderr)
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(prog="runner.py", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--cc", default=os.environ.get("CC", "cc"))
    common.add_argument("--cflags", default="-O2 -Wall -Wextra")
    common.add_argument("--ksft-dir", default="",
                        help="build against the kselftest.h in this directory (the kernel's)")
    common.add_argument("--build-dir", default=str(ROOT / "build"))
    p = sub.add_parser("list", help="list the cases and their claims")
    p.add_argument("--json", action="store_true")
    p.add_argument("cases", nargs="*", metavar="CASE")
    p = sub.add_parser("build", parents=[common], help="compile the cases")
    p.add_argument("--werror", action="store_true", help="count warnings as failures")
    p.add_argument("cases", nargs="*", metavar="CASE")
    targeted = argparse.ArgumentParser(add_help=False, parents=[common])
    targeted.add_argument("--target", default="native",
                          help="where the cases run: %s" % ", ".join(TARGET_SPECS))
    targeted.add_argument("--scratch", default="tmpfs", choices=("tmpfs", "ext4"),
                          help="kernel and uml targets: the filesystem of the cases' scratch directory")
    targeted.add_argument("--hugepages", type=int, default=0,
                          help="kernel and uml targets: huge pages the guest reserves at boot")
    p = sub.add_parser("run", parents=[targeted], help="run all cases, or those named (ids or globs)")
    p.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, help="seconds per case")
    p.add_argument("--tag", action="append", help="only the cases with this tag (repeatable)")
    p.add_argument("--allow-system-changes", action="store_true",
                   help="let cases whose claim needs a system-wide setting (e.g. reserved huge "
                        "pages) change it for themselves; each restores it when it exits")
    p.add_argument("--jobs", type=int, default=None)
    p.add_argument("--reports", help="write the report below this directory (default: reports/, "
                                     "and only for a run of every case)")
    p.add_argument("-v", "--verbose", action="store_true", help="print each case's KTAP")
    p.add_argument("cases", nargs="*", metavar="CASE")
    sub.add_parser("bench", parents=[targeted], help="measure the runner against the cases' own times")
    p = sub.add_parser("matrix", parents=[common], help="run the suite on several targets; "
                       "write reports/matrix.md")
    p.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, help="seconds per case")
    p.add_argument("--reports", help="write the reports below this directory (default: reports/)")
    p.add_argument("targets", nargs="*", metavar="TARGET", help="default: the targets of `make matrix`")
    p = sub.add_parser("ingest", help="turn a KTAP stream captured elsewhere (the installed "
                       "runner's, `make install`) into reports/ID/")
    p.add_argument("logfile", metavar="LOGFILE", help="the log holding the stream, kirk's "
                   "JSON report (--json-report), or a LAVA job's log; - for stdin")
    p.add_argument("--platform", required=True, metavar="ID", help="the report's name: reports/ID/")
    p.add_argument("--reports", help="write the report below this directory (default: reports/)")
    p.add_argument("cases", nargs="*", metavar="CASE",
                   help="the cases the captured run was given, when not all (ids or globs)")
    p = sub.add_parser("coverage", help="the man pages' ERRORS and signal entries the cases check")
    p.add_argument("--output", help="where to write the Markdown (default: reports/coverage.md)")
    p.add_argument("--offline", action="store_true",
                   help="do not ask apt for the newest man-pages; use the cached release if there is one")
    p = sub.add_parser("compare", help="platforms side by side: reports/compare.md and compare.html")
    p.add_argument("reports", nargs="*", metavar="REPORT_DIR",
                   help="report directories of `runner.py run` or `ingest` (their summary.json)")
    p.add_argument("--documented", nargs="+", metavar="OS", default=[],
                   help="add a column documented, not observed, from expected/OS (freebsd, netbsd, "
                        "openbsd, darwin)")
    p.add_argument("--out", help="write compare.md and compare.html here (default: reports/)")
    p = sub.add_parser("export", help="report directories as one KCIDB (KernelCI) submission")
    p.add_argument("--kcidb", action="store_true", required=True,
                   help="the format: KCIDB's I/O schema 5.3 (the only one for now)")
    p.add_argument("--origin", required=True, help="the submitting CI system's name, the ids' prefix "
                   "(lower-case letters, digits, _)")
    p.add_argument("--git-commit", metavar="SHA", help="the commit of the tested kernel's source, for "
                   "every report's checkout (40 hex digits; an abbreviated one is only its name)")
    p.add_argument("--output", metavar="FILE", help="write the submission here (default: stdout)")
    p.add_argument("reports", nargs="+", metavar="REPORT_DIR",
                   help="report directories of `runner.py run`, `matrix` or `ingest` (their summary.json)")
    # `ingest LOG --platform ID 'mmap/*'`: argparse gives the cases named after
    # an option back as unknown; they are ingest's cases.
    args, extra = parser.parse_known_args(argv)
    if extra and (args.command != "ingest" or any(x.startswith("-") for x in extra)):
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    if extra:
        args.cases += extra
    # Foreign text (a log's case ids and lines) reaches the terminal: under an
    # ASCII locale it is escaped rather than a UnicodeEncodeError.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    # A shell starts background jobs with SIGINT ignored, and Python then never
    # installs its KeyboardInterrupt handler: an interrupt would be lost and
    # the running cases left to their timeouts.  Ctrl-C always stops a run.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        commands = {"list": cmd_list, "build": cmd_build, "run": cmd_run, "bench": cmd_bench,
                    "coverage": cmd_coverage, "matrix": cmd_matrix, "compare": cmd_compare,
                    "ingest": cmd_ingest, "export": cmd_export}
        return commands[args.command](args)
    except UsageError as e:
        print(shown(f"runner.py: {e}"), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("runner.py: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # stdout closed early, as by `| head`: nothing more to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1

"""`runner.py ingest` of kirk's JSON report (`kirk --json-report FILE`), LTP's
runner having run the installed bundle's runtest file: each result is one
case run by bin/mmapcheck-ltp, whose log holds the bundle runner's whole
stream for that case (runner.sh's format), then the adapter's LTP lines.

Each log is read as `ingest` reads a captured stream; the cases they report
make one Stream, classified against expected/ for the platform their lines
describe, as any ingested run.  kirk's own status for each case is then held
against the verdict found here, mapped as bundle/mmapcheck-ltp maps it: they
differ when the bundle carried other expected/ entries than this checkout's,
or when a log is not the adapter's output (a command not found, a killed run),
and each difference is a target problem.

The file is foreign input: at most KIRK_JSON_LIMIT bytes, a regular file
(never a link or a FIFO) or stdin, UTF-8 JSON checked field by field before
anything is used; what cannot be used is one UsageError naming where."""

import json
import math

from . import UsageError
from .cases import CASE_ID, collect
from .execute import OUTPUT_LIMIT, Execution
from .expected import read_regular_file
from .ingest import JUNK_PROBLEM, check_report_id, classify_stream, log_lines, stripped_lines
from .stream import JUNK_EXAMPLES, PROBLEMS_KEPT, Stream, StreamParser, shown

KIRK_JSON_LIMIT = 64 << 20  # bytes; kirk's report of the whole suite is under 1 MiB
RESULTS_LIMIT = 100_000     # results in one report; the suite has some 500 cases
TEXT_LIMIT = 200            # characters of a name, an argument or a return value
KIRK_STATUSES = ("pass", "fail", "brok", "conf", "warn")
# The status kirk gives a case from mmapcheck-ltp's exit status, per verdict.
KIRK_STATUS_OF = {"pass": "pass", "xfail": "pass", "skip": "conf", "fail": "fail", "xpass": "fail",
                  "error": "brok"}
DIFFERENCES_SHOWN = 5


def is_kirk_json(log):
    """A log (a binary file) whose first byte is '{' is kirk's JSON report:
    runner.sh's stream, and the consoles and CI logs around it, never begin so."""
    return log.peek(1)[:1] == b"{"


def need(ok, name, where, what):
    if not ok:
        raise UsageError(f"{name}: {where}: {what}: not a kirk JSON report this reads")


def read_report(log, name):
    """The report's top-level object, from the named regular file or, for
    '-', from the already open stdin."""
    if name == "-":
        data = log.read(KIRK_JSON_LIMIT + 1)
    else:
        try:
            data = read_regular_file(name, KIRK_JSON_LIMIT)
        except OSError as e:
            raise UsageError(f"cannot read {name}: {e.strerror}")
    need(len(data) <= KIRK_JSON_LIMIT, name, "the file", f"larger than {KIRK_JSON_LIMIT} bytes")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise UsageError(f"{name}: byte {e.start}: not UTF-8: not a kirk JSON report")

    def no_constant(word):  # NaN, Infinity: never a duration
        raise ValueError(f"{word} is not a number JSON allows")
    try:
        report = json.loads(text, parse_constant=no_constant)
    except RecursionError:
        raise UsageError(f"{name}: nested too deeply: not a kirk JSON report")
    except ValueError as e:  # json.JSONDecodeError, or an integer of thousands of digits
        raise UsageError(f"{name}: not JSON ({shown(str(e))}): not a kirk JSON report")
    need(isinstance(report, dict), name, "the file", "not a JSON object")
    return report


def short_text(value):
    return isinstance(value, str) and len(value) <= TEXT_LIMIT


def checked_results(report, name):
    """[(tag, status, log, arguments, retval, duration)] of report["results"],
    every field checked as kirk's JSONExporter writes it (libkirk/export.py)."""
    results = report.get("results")
    need(isinstance(results, list) and 0 < len(results) <= RESULTS_LIMIT, name, "results",
         f"missing, empty or not a list of at most {RESULTS_LIMIT}")
    checked = []
    for i, r in enumerate(results):
        where = f"results[{i}]"
        need(isinstance(r, dict), name, where, "not an object")
        tag, status, test = r.get("test_fqn"), r.get("status"), r.get("test")
        need(short_text(tag) and tag, name, f"{where}.test_fqn",
             f"missing or not a name of at most {TEXT_LIMIT} characters")
        need(status in KIRK_STATUSES, name, f"{where}.status", f"not one of {', '.join(KIRK_STATUSES)}")
        need(isinstance(test, dict), name, f"{where}.test", "missing or not an object")
        log, args, retval, duration = (test.get(k) for k in ("log", "arguments", "retval", "duration"))
        need(isinstance(log, str), name, f"{where}.test.log", "missing or not a string")
        need(isinstance(args, list) and len(args) <= 16 and all(short_text(a) for a in args), name,
             f"{where}.test.arguments", f"not a list of strings of at most {TEXT_LIMIT} characters")
        need(isinstance(retval, list) and len(retval) <= 16 and all(short_text(v) for v in retval), name,
             f"{where}.test.retval", "not a list of short strings")
        need(type(duration) in (int, float) and math.isfinite(duration) and duration >= 0, name,
             f"{where}.test.duration", "missing or not a number of seconds")
        checked.append((tag, status, log, args, retval, float(duration)))
    return checked


def parse_result_log(log, known):
    """The stream in one result's log: read up to its done marker (what
    follows is mmapcheck-ltp's LTP lines, no part of the stream)."""
    parser = StreamParser(known)
    for line, cut in stripped_lines(log_lines(log)):
        parser.line(line, cut)
        if parser.stream.done:
            break
    parser.close()
    return parser.stream


def ingest_kirk(log, report_id, patterns=(), name="the report"):
    """As ingest.ingest(), for kirk's JSON report: (Suite, whether every case
    of the checkout is in it, notes)."""
    check_report_id(report_id)
    results = checked_results(read_report(log, name), name)
    all_cases = collect()
    known = {c.id for c in all_cases}
    merged, problems, kirk_status = Stream(done=True), [], {}
    junk = other_platforms = no_stream = 0
    for tag, status, text, args, retval, duration in results:
        stream = parse_result_log(text, known)
        if stream.platform or stream.planned is not None or stream.executions or stream.unknown_count:
            junk += sum(JUNK_PROBLEM in p for p in stream.problems)
            problems += [f"{shown(tag)}: {p}" for p in stream.problems if JUNK_PROBLEM not in p]
        merged.unknown_count += stream.unknown_count
        merged.unknown = (merged.unknown + [u for u in stream.unknown if u not in merged.unknown])[:JUNK_EXAMPLES]
        if stream.platform and not merged.platform:
            merged.platform, merged.scratch = stream.platform, stream.scratch
        elif stream.platform and stream.platform != merged.platform:
            other_platforms += 1
        executions = dict(stream.executions)
        named = args[0] if args and CASE_ID.match(args[0]) and args[0] in known else None
        if not executions and not stream.unknown_count:
            no_stream += 1
            if named is None:
                problems.append(f"{shown(tag)}: no runner stream in its log and no case of this "
                                "checkout in its arguments; ignored")
                continue
            # The command never ran the bundle's runner (not found, killed
            # before it printed): what it printed is kept as its stderr.
            executions[named] = Execution(stderr=text[-OUTPUT_LIMIT:], duration_s=duration, problem=(
                f"kirk reported {status} (exit {', '.join(retval) or 'unknown'}) and its log holds "
                "no runner stream for the case"))
        if named is not None and named not in executions:
            problems.append(f"{shown(tag)}: its log reports {', '.join(map(shown, executions)) or 'no case'}, "
                            f"not {named}, the case its command names")
        if len(executions) > 1:
            problems.append(f"{shown(tag)}: its log reports {len(executions)} cases; mmapcheck-ltp runs one")
        for cid, ex in executions.items():
            if cid in merged.executions:
                problems.append(f"{cid}: reported by more than one result (kirk --suite-iterate?); "
                                "the last one kept")
            merged.executions[cid], kirk_status[cid] = ex, status
    if other_platforms:
        problems.append(f"{other_platforms} result(s) describe another platform than the first's; "
                        "the first's kept")
    if no_stream == len(results):  # first: what the many lines after it come of
        problems.insert(0, "no result's log holds the bundle runner's stream: these are not "
                        "mmapcheck-ltp's results (is LTPROOT the bundle's libexec/mmapcheck/ltp?)")
    merged.planned = len(merged.executions) + merged.unknown_count
    merged.problems = problems[:PROBLEMS_KEPT] + (  # a report of a million broken results: a few named
        [f"{len(problems) - PROBLEMS_KEPT} more problem(s) not listed"] if len(problems) > PROBLEMS_KEPT else [])
    suite, selected_all, notes = classify_stream(merged, all_cases, report_id, patterns)
    differ = [f"{r.case.id} (kirk {kirk_status[r.case.id]}, here {r.verdict})" for r in suite.runs
              if r.case.id in kirk_status and KIRK_STATUS_OF.get(r.verdict) != kirk_status[r.case.id]]
    if differ:
        suite.target_problems.append(
            f"kirk's status differs from the verdict here for {len(differ)} case(s), e.g. "
            f"{', '.join(differ[:DIFFERENCES_SHOWN])}: the bundle's expected/ is not this checkout's, "
            "or a log is not mmapcheck-ltp's")
    if junk:
        notes.append(f"{junk} result log(s) hold lines outside the stream format, ignored")
    return suite, selected_all, notes

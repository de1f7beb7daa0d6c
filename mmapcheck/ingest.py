"""`runner.py ingest`: a KTAP stream captured elsewhere (the installed
runner.sh on a BSD box, in a VM, in a CI log) turned into a normal report
directory, each case classified by Suite against expected/ for the platform
the stream's own `# mmapcheck-platform:` lines describe.

A log is what a serial console or a CI system kept: unrelated lines before,
between and after the stream, and often a prefix on every line (a timestamp);
a stream cut short leaves its unreported cases notrun.  None of it raises:
only an unreadable file does (one line, exit 2)."""

import re
import sys

from . import UsageError
from .cases import collect, select
from .expected import load_expected
from .stream import PLATFORM, parse_stream
from .suite import CaseRun, Suite, requirement_unmet
from .targets import Target

# The first line of a stream: a platform line, or the version line of a stream
# without platform-info; what comes before it on that line is the log's prefix.
STREAM_START = re.compile(r"^(.*?)(?:" + re.escape(PLATFORM) + r"|KTAP version 1\s*$)")
PREFIX_TOKEN = re.compile(r"\d+|\s+|[^\d\s]+")
JUNK_PROBLEM = "outside the stream format ignored"
UNKNOWN_EXAMPLES = 3
REPORT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


class Ingested(Target):
    """No target runs anything: the platform and executions come from the log."""
    kind = "native"


def read_log(path):
    """The log's text: a file, or stdin for '-'."""
    if path == "-":
        return sys.stdin.buffer.read().decode(errors="replace")
    try:
        with open(path, "rb") as f:
            return f.read().decode(errors="replace")
    except OSError as e:
        raise UsageError(f"cannot read {path}: {e.strerror}")


def prefix_pattern(prefix):
    """A regex for prefixes like this one: digits may change and grow
    ('[    9.99]' -> '[   10.01]'), other text stays; the last space is exact,
    so that the stream's own indentation survives."""
    tokens = PREFIX_TOKEN.findall(prefix)
    parts = []
    for i, token in enumerate(tokens):
        if token.isdigit():
            parts.append(r"\d+")
        elif token.isspace() and i < len(tokens) - 1:
            parts.append(r"\s*")
        else:
            parts.append(re.escape(token))
    return re.compile("".join(parts))


def strip_log_prefix(text):
    """The log with the prefix of the stream's first line removed from every
    line that has one like it (a timestamp, 'console: '); other lines are kept
    for the stream parser to ignore."""
    lines = text.split("\n")
    for line in lines:
        m = STREAM_START.match(line.rstrip("\r"))
        if m:
            prefix = m.group(1)
            break
    else:
        return text
    if not prefix:
        return text
    pattern = prefix_pattern(prefix)
    return "\n".join(pattern.sub("", line, count=1) if pattern.match(line) else line
                     for line in lines)


def ingest(text, report_id, patterns=()):
    """A Suite holding the stream's cases, classified; its target_problems say
    what went wrong on the way (no stream, cut short, unknown cases).  Also
    returns notes that are no problem of the target (console lines ignored)."""
    if not REPORT_ID.match(report_id):
        raise UsageError(f"--platform {report_id!r}: use letters, digits, '.', '_' and '-' only")
    all_cases = collect()
    stream = parse_stream(strip_log_prefix(text))
    reported = stream.executions
    known = {c.id for c in all_cases}
    notes = [p for p in stream.problems if JUNK_PROBLEM in p]
    problems = [p for p in stream.problems if JUNK_PROBLEM not in p]
    found = stream.planned is not None or reported or stream.platform
    if not found:
        problems = ["no mmapcheck KTAP stream in the log (no '# mmapcheck-platform:', "
                    "'KTAP version 1' or '# mmapcheck-case:' line)"]
    unknown = sorted(set(reported) - known)
    if unknown:
        problems.append(f"{len(unknown)} case id(s) in the stream are not cases of this checkout, "
                        f"ignored: {', '.join(unknown[:UNKNOWN_EXAMPLES])}"
                        + (", ..." if len(unknown) > UNKNOWN_EXAMPLES else ""))
    cases = run_set(all_cases, patterns, stream, known)
    unnamed = (stream.planned or 0) - len(reported)
    if not patterns and not stream.done and unnamed > 0 and len(cases) < len(all_cases):
        problems.append(f"planned {stream.planned} cases but reported {len(reported)}; the stream "
                        f"does not name the other {unnamed}: name the run's cases after the log "
                        "to have them reported notrun")
    suite = Suite(None, target=Ingested("ingest"))
    plat = {"os": "unknown", "tmpdir": stream.scratch.get("dir", "unknown"),
            "tmpdir_fs": stream.scratch.get("fs", "unknown")}
    plat.update(stream.platform)
    suite.platform = suite.describe(plat)
    suite.platform["env_withheld"] = ""  # runner.sh passes the environment on as it is
    suite.platform["id"] = report_id
    suite.expectations = load_expected(suite.platform, known)
    suite.target_problems = problems
    why = "; ".join(problems) or "the stream does not report it"
    for case in cases:
        ex = reported.get(case.id)
        if ex is None:
            suite.finish(CaseRun(case), None, None, None, None, notrun=why)
        else:
            suite.finish(CaseRun(case), ex, None, requirement_unmet(case, suite.platform), None)
    suite.wall_s = sum(r.duration_s for r in suite.runs)
    return suite, len(cases) == len(all_cases), notes


def run_set(all_cases, patterns, stream, known):
    """The cases the captured run was asked for: those named, else every case
    when its plan counts at least as many (a whole run: what it did not report
    is notrun), else those it reported."""
    if patterns:
        return select(all_cases, patterns)
    if stream.planned is None or stream.planned >= len(all_cases) or not stream.executions:
        return list(all_cases)
    return [c for c in all_cases if c.id in stream.executions and c.id in known]

"""`runner.py ingest`: a KTAP stream captured elsewhere (the installed
runner.sh on a BSD box, in a VM, in a CI log) turned into a normal report
directory, each case classified by Suite against expected/ for the platform
the stream's own `# mmapcheck-platform:` lines describe.

A log is what a serial console or a CI system kept: unrelated lines before,
between and after the stream, and often a prefix on every line (a timestamp);
a stream cut short leaves its unreported cases notrun.  None of it raises:
only an unreadable file does (one line, exit 2)."""

import errno
import re
import sys

from . import UsageError
from .cases import collect, select
from .expected import load_expected, open_regular_file
from .ktap import LINE_LIMIT
from .stream import PLATFORM, StreamParser, quote
from .suite import CaseRun, Suite, requirement_unmet
from .targets import Target

# The first line of a stream: a platform line, or the version line of a stream
# without platform-info; what comes before it on that line is the log's prefix.
STREAM_START = re.compile(r"^(.*?)(?:" + re.escape(PLATFORM) + r"|KTAP version 1\s*$)")
PREFIX_TOKEN = re.compile(r"\d+|\s+|[^\d\s]+")
DIGITS, SPACES = re.compile(r"\d+"), re.compile(r"\s*")
JUNK_PROBLEM = "outside the stream format ignored"
REPORT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")  # a directory name anywhere
PAGE_SIZE = re.compile(r"[0-9]{1,12}")
WHY_PROBLEMS = 2  # target problems repeated in the reason of each case not run


class Ingested(Target):
    """No target runs anything: the platform and executions come from the log."""
    kind = "native"


def check_report_id(report_id):
    if not REPORT_ID.fullmatch(report_id):
        raise UsageError(f"--platform {quote(report_id)}: use up to 100 letters, digits, "
                         "'.', '_' and '-', starting with a letter or digit")


def open_log(path):
    """The log as a binary file: a regular file that is no symbolic link
    (expected.open_regular_file), or stdin for '-'; a pipe comes in as '-'."""
    if path == "-":
        return sys.stdin.buffer
    try:
        return open_regular_file(path)
    except OSError as e:
        hint = " (give a pipe's log as -)" if e.errno == errno.EINVAL else ""
        raise UsageError(f"cannot read {path}: {e.strerror}{hint}")


def log_lines(log, name="the log"):
    """(line, cut) for each line of a log (text, or a binary file read a line
    at a time): at most LINE_LIMIT characters each, cut says it was longer.
    Memory stays bounded by the line limit, whatever the log's size."""
    if isinstance(log, str):
        start = 0
        while start < len(log):
            end = log.find("\n", start)
            end = len(log) if end < 0 else end
            yield log[start:min(end, start + LINE_LIMIT)], end - start > LINE_LIMIT
            start = end + 1
        return
    try:
        while True:
            raw = log.readline(LINE_LIMIT + 1)
            if not raw:
                return
            cut = len(raw) > LINE_LIMIT and not raw.endswith(b"\n")
            while cut:  # the rest of a long line, read and dropped
                rest = log.readline(1 << 16)
                if not rest or rest.endswith(b"\n"):
                    break
            yield raw[:LINE_LIMIT].rstrip(b"\n").decode("utf-8", errors="replace"), cut
    except OSError as e:
        raise UsageError(f"cannot read {name}: {e.strerror}")


class PrefixMatcher:
    """Prefixes like the stream's first one: digits may change and grow
    ('[    9.99]' -> '[   10.01]'), runs of space may change in length, other
    text stays; the last space is exact, so that the stream's own indentation
    survives.  Matched token by token, in time linear in the line (a regex of
    '\\d+\\s*\\d+...' backtracks exponentially)."""

    def __init__(self, prefix):
        tokens = PREFIX_TOKEN.findall(prefix)
        self.parts = [("digits", t) if t.isdigit()
                      else ("space", t) if t.isspace() and i < len(tokens) - 1
                      else ("text", t) for i, t in enumerate(tokens)]

    def strip(self, line):
        """The line without such a prefix; unchanged when it has none."""
        pos = 0
        for kind, text in self.parts:
            if kind == "digits":
                m = DIGITS.match(line, pos)
                if not m:
                    return line
                pos = m.end()
            elif kind == "space":
                pos = SPACES.match(line, pos).end()
            elif line.startswith(text, pos):
                pos += len(text)
            else:
                return line
        return line[pos:]


def stripped_lines(lines):
    """The lines with the prefix of the stream's first line removed from it
    and from every later line that has one like it (a timestamp, 'console: ');
    other lines are kept for the stream parser to ignore."""
    matcher = None
    for line, cut in lines:
        if matcher is None:
            m = STREAM_START.match(line.rstrip("\r"))
            if m:
                matcher = PrefixMatcher(m.group(1))
        yield (matcher.strip(line) if matcher else line), cut


def strip_log_prefix(text):
    """stripped_lines() over a whole text (for tests)."""
    return "\n".join(line for line, _ in stripped_lines(log_lines(text))) + (
        "\n" if text.endswith("\n") else "")


def parse_log(log, known, name="the log"):
    """The stream in a log (text or a binary file), read a line at a time."""
    parser = StreamParser(known)
    for line, cut in stripped_lines(log_lines(log, name)):
        parser.line(line, cut)
    parser.close()
    return parser.stream


def platform_facts(stream, problems):
    """The stream's platform lines, those the runner reads as numbers checked."""
    plat = {"os": "unknown", "tmpdir": stream.scratch.get("dir", "unknown"),
            "tmpdir_fs": stream.scratch.get("fs", "unknown")}
    plat.update(stream.platform)
    page_size = plat.get("page_size")
    if page_size is not None and not PAGE_SIZE.fullmatch(page_size):
        problems.append(f"the platform's page_size {quote(page_size)} is not a number of bytes; "
                        "taken as unknown")
        del plat["page_size"]
    return plat


def ingest(log, report_id, patterns=(), name="the log"):
    """A Suite holding the stream's cases, classified; its target_problems say
    what went wrong on the way (no stream, cut short, unknown cases).  Also
    returns notes that are no problem of the target (console lines ignored).
    The log is a text or a binary file."""
    check_report_id(report_id)
    all_cases = collect()
    stream = parse_log(log, {c.id for c in all_cases}, name)
    return classify_stream(stream, all_cases, report_id, patterns)


def classify_stream(stream, all_cases, report_id, patterns=()):
    """ingest() once the log is read into a Stream (also the reader of kirk's
    results, ingest_kirk, which makes one Stream of many logs)."""
    known = {c.id for c in all_cases}
    reported = stream.executions
    notes = [p for p in stream.problems if JUNK_PROBLEM in p]
    problems = [p for p in stream.problems if JUNK_PROBLEM not in p]
    found = stream.planned is not None or reported or stream.unknown_count or stream.platform
    if not found:
        problems = ["no mmapcheck KTAP stream in the log (no '# mmapcheck-platform:', "
                    "'KTAP version 1' or '# mmapcheck-case:' line)"]
    if stream.unknown_count:
        more = stream.unknown_count > len(stream.unknown)
        problems.append(f"{stream.unknown_count} case block(s) in the stream are not cases of this "
                        f"checkout, ignored: {', '.join(stream.unknown)}" + (", ..." if more else ""))
    cases = run_set(all_cases, patterns, stream, known)
    unnamed = (stream.planned or 0) - len(reported) - stream.unknown_count
    if not patterns and not stream.done and unnamed > 0 and len(cases) < len(all_cases):
        problems.append(f"planned {stream.planned} cases but reported "
                        f"{len(reported) + stream.unknown_count}; the stream does not name the "
                        f"other {unnamed}: name the run's cases after the log to have them "
                        "reported notrun")
    suite = Suite(None, target=Ingested("ingest"))
    suite.platform = suite.describe(platform_facts(stream, problems))
    suite.platform["env_withheld"] = ""  # runner.sh passes the environment on as it is
    suite.platform["id"] = report_id
    suite.expectations = load_expected(suite.platform, known)
    suite.target_problems = problems
    why = "; ".join(problems[:WHY_PROBLEMS]) or "the stream does not report it"  # per case: short
    if len(problems) > WHY_PROBLEMS:
        why += f"; {len(problems) - WHY_PROBLEMS} more target problem(s)"
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

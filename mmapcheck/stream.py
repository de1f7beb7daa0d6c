"""Parsing the stream runner.sh prints inside a guest or on a machine without
Python (format: the comment at the top of runner.sh).  The text arrives over
serial ports and log files: kernel messages interleave, lines end in CRLF,
NULs appear, and the guest may die mid-case, so nothing here raises on bad
input; what does not fit is noted in Stream.problems."""

import dataclasses
import re

from .execute import OUTPUT_LIMIT, Execution
from .ktap import LINE_LIMIT


CASE = "# mmapcheck-case: "
STDERR = "# mmapcheck-stderr:"
EXIT = "# mmapcheck-exit: "
PLATFORM = "# mmapcheck-platform: "
SCRATCH = "# mmapcheck-scratch: "  # the cases' scratch directory: fs=TYPE, dir=PATH
JUDGED = "# mmapcheck-judged: "  # its ok lines give verdicts: expected=OS (the file applied) or none
DONE = "# mmapcheck-done"
SUBTEST = "# Subtest: "  # names the case's nested KTAP document, for the kernel's parser
# A documented deviation: the case's own result line, which the next line
# marks "ok N ID # XFAIL ..." (as kselftest marks an expected failure).
WAS = "# mmapcheck-was: "
INDENT = "    "

# Numbers are ASCII digits, and few: int() of "²" or of 5000 digits raises.
PLAN = re.compile(r"1\.\.([0-9]{1,9})\s*")
RESULT = re.compile(r"((?:not )?ok) [0-9]+ (\S+)(?: # (.*))?")
XFAIL_MARK = re.compile(r"ok [0-9]+ \S+ # XFAIL\b")
FIELD = re.compile(r"(\w+)=(\S*)")
COUNT = re.compile(r"[0-9]{1,9}")
SECONDS = re.compile(r"[0-9]{1,9}(?:\.[0-9]{1,9})?")  # never nan, inf or 1e999
TIMED_OUT = re.compile(r"timed out after (" + SECONDS.pattern + r") s")
FACT_KEY = re.compile(r"[A-Za-z0-9_]{1,64}")
FACTS_KEPT = 64   # platform and scratch facts kept; a stream has a dozen
JUNK_EXAMPLES = 3  # junk lines and unknown ids quoted in problems; the rest are counted
PROBLEMS_KEPT = 50
QUOTE_LIMIT = 100  # characters of a foreign line or id quoted in a problem


@dataclasses.dataclass
class Stream:
    platform: dict = dataclasses.field(default_factory=dict)
    scratch: dict = dataclasses.field(default_factory=dict)
    executions: dict = dataclasses.field(default_factory=dict)  # case id -> Execution
    planned: int = None       # N from "1..N"
    done: bool = False        # the done marker arrived: every case was reported
    problems: list = dataclasses.field(default_factory=list)
    unknown: list = dataclasses.field(default_factory=list)  # the first ids not of the known cases
    unknown_count: int = 0    # blocks of ids not of the known cases (their output is not kept)
    judged: bool = False      # its ok lines are verdicts (runner.sh since 2026-12)


def runner_verdict(status, directive):
    """The verdict an ok line of runner.sh gives (format: runner.sh's header):
    pass, skip, xfail, fail, xpass or error."""
    word = (directive or "").split(" ", 1)[0]
    if status == "ok":
        return {"SKIP": "skip", "XFAIL": "xfail"}.get(word, "pass")
    return {"": "fail", "XPASS": "xpass"}.get(word, "error")


def timeout_problem(seconds):
    after = f"after {seconds} s" if seconds else "after an unknown time"
    return f"timed out {after}; process group killed"


def quote(text):
    """A foreign line for a problem: repr() escapes it, cut to QUOTE_LIMIT."""
    return repr(text[:QUOTE_LIMIT]) + ("..." if len(text) > QUOTE_LIMIT else "")


def shown(name):
    """A foreign name (a case id) for a problem: as it is when printable, else
    escaped; cut to QUOTE_LIMIT."""
    short = name[:QUOTE_LIMIT] + ("..." if len(name) > QUOTE_LIMIT else "")
    return short if short.isprintable() else repr(short)


def seconds(text):
    """A duration from the stream, or None: plain decimals only."""
    return float(text) if SECONDS.fullmatch(text or "") else None


class Block:
    """A case's block as it arrives: its output kept up to OUTPUT_LIMIT each
    (stdout, stderr), and whether a line was cut or output dropped.  Lines
    are joined in batches: a million short lines kept one string each would
    take many times their size."""

    BATCH = 256  # lines

    def __init__(self, case_id, keep=True):
        self.id, self.keep = case_id, keep
        self.kept = {"stdout": [], "stderr": []}    # joined batches, then the last lines
        self.batch = {"stdout": [], "stderr": []}
        self.size = {"stdout": 0, "stderr": 0}
        self.received = 0        # stdout lines, kept or not
        self.dropped = self.cut = False
        self.was = None          # the line a WAS line gave, for the XFAIL line after it

    def add(self, which, line, cut):
        self.cut |= cut
        if which == "stdout":
            self.received += 1
            if line.startswith(WAS):
                self.was = line[len(WAS):]
                return
            if self.was is not None:
                line, self.was = (self.was if XFAIL_MARK.match(line) else line), None
        if not self.keep:
            return
        size = self.size[which] + len(line) + 1
        if size > OUTPUT_LIMIT:
            self.dropped = True
            return
        self.size[which] = size
        batch = self.batch[which]
        batch.append(line)
        if len(batch) >= self.BATCH:
            self.kept[which].append(join_lines(batch))
            batch.clear()

    def text(self, which):
        return "".join(self.kept[which]) + join_lines(self.batch[which])

    def problem(self):
        if self.dropped:
            return f"printed more than {OUTPUT_LIMIT} bytes; the rest was cut"
        if self.cut:
            return f"printed a line longer than {LINE_LIMIT} characters; it was cut"
        return None


class StreamParser:
    """Incremental: feed() chunks as they arrive (a growing log file), then
    close() at the end.  Both return the executions their text completed.

    Bounded in memory whatever arrives: lines are cut at LINE_LIMIT, a case
    keeps OUTPUT_LIMIT of output, junk lines and problems are counted past the
    first few, and when the known case ids are given, the blocks of other ids
    are counted, not kept."""

    def __init__(self, known=None):
        self.stream = Stream()
        self.known = known
        self._partial = ""        # an unfinished last line, kept for the next chunk (cut)
        self._partial_cut = False
        self._case = None         # the open Block
        self._last_exit = None    # id of the block just closed: its ok line may follow
        self._held = {}           # its execution, completed once the ok line has been read
        self._junk, self._junk_count = [], 0
        self._problem_count = 0

    def feed(self, text):
        if isinstance(text, bytes):
            text = text.decode(errors="replace")
        text = text.replace("\0", "")
        completed, start = {}, 0
        while True:
            end = text.find("\n", start)
            piece = text[start:] if end < 0 else text[start:end]
            room = LINE_LIMIT - len(self._partial)
            if len(piece) > room:
                piece, self._partial_cut = piece[:room], True
            self._partial += piece
            if end < 0:
                return completed
            self.line(self._partial, self._partial_cut, completed)
            self._partial, self._partial_cut = "", False
            start = end + 1

    def line(self, line, cut=False, completed=None):
        """One whole line (without its newline); cut: it was longer and was cut."""
        line = line.replace("\0", "").rstrip("\r")
        cut = cut or len(line) > LINE_LIMIT
        self._line(line[:LINE_LIMIT], cut, {} if completed is None else completed)

    def close(self):
        completed, self._held = self._held, {}
        if self._partial or self._partial_cut:
            self.line(self._partial, self._partial_cut, completed)
            self._partial, self._partial_cut = "", False
        stream = self.stream
        if self._case is not None:
            case_id = self._case.id
            self._unfinished(completed, "the stream ended while it ran (guest died or output cut)")
            self._problem(f"{shown(case_id)}: started but never finished: the stream ends inside it")
        if self._junk_count:
            examples = "; ".join(quote(j) for j in self._junk)
            self._problem(f"{self._junk_count} line(s) outside the stream format ignored, e.g. {examples}")
            self._junk, self._junk_count = [], 0
        if not stream.done:
            self._problem("no '# mmapcheck-done' marker: the run stopped early (guest died or output cut)")
        elif stream.planned is not None and stream.planned != len(stream.executions) + stream.unknown_count:
            self._problem(f"planned {stream.planned} cases but "
                          f"{len(stream.executions) + stream.unknown_count} were reported")
        if self._problem_count > PROBLEMS_KEPT:
            stream.problems.append(f"{self._problem_count - PROBLEMS_KEPT} more problem(s) not listed")
            self._problem_count = PROBLEMS_KEPT
        return completed

    def _problem(self, text):
        self._problem_count += 1
        if self._problem_count <= PROBLEMS_KEPT:
            self.stream.problems.append(text)

    def _line(self, line, cut, completed):
        match = RESULT.fullmatch(line) if self._case is None else None
        if match:
            self._result(*match.groups())
        completed.update(self._held)  # the ok line after an exit line, or none
        self._held = {}
        if match:
            return
        case = self._case
        if line.startswith(CASE):
            if case is not None:
                self._unfinished(completed, "its block ended without an exit line")
                self._problem(f"{shown(case.id)}: block without an exit line")
            case_id = line[len(CASE):].strip()
            self._case = Block(case_id, self.known is None or case_id in self.known)
            self._last_exit = None
        elif line.startswith(EXIT):
            self._exit(line[len(EXIT):])
        elif case is not None and (line.startswith(INDENT) or line == ""):
            case.add("stdout", line[len(INDENT):], cut)
        elif case is not None and line.startswith(SUBTEST):
            pass
        elif case is not None and line.startswith(STDERR):
            text = line[len(STDERR):]
            case.add("stderr", text[1:] if text.startswith(" ") else text, cut)
        elif line.startswith(PLATFORM) and "=" in line:
            self._fact(self.stream.platform, line[len(PLATFORM):])
        elif line.startswith(SCRATCH) and "=" in line:
            self._fact(self.stream.scratch, line[len(SCRATCH):])
        elif line.startswith(JUDGED):
            self.stream.judged = True
        elif line.strip() == DONE:
            self.stream.done = True
        elif PLAN.fullmatch(line) and case is None:
            self.stream.planned = int(PLAN.fullmatch(line).group(1))
        elif line.strip() in ("", "KTAP version 1") and case is None:
            pass
        else:
            self._junk_count += 1
            if len(self._junk) < JUNK_EXAMPLES:
                self._junk.append(line[:QUOTE_LIMIT + 1])

    def _fact(self, facts, text):
        key, _, value = text.partition("=")
        key = key.strip()
        if not FACT_KEY.fullmatch(key) or (key not in facts and len(facts) >= FACTS_KEPT):
            self._problem(f"platform fact {quote(key)} ignored: not a short name, or too many facts")
            return
        facts[key] = value

    def _exit(self, rest):
        case_id, _, fields = rest.strip().partition(" ")
        values = dict(FIELD.findall(fields))
        block = self._case
        if block is None:
            self._problem(f"{shown(case_id)}: exit line without its case line; output lost")
            block = Block(case_id, self.known is None or case_id in self.known)
        elif block.id != case_id:
            self._problem(f"{shown(block.id)}: block closed by the exit line of {shown(case_id)}")
        duration = seconds(values.get("time"))
        status = values.get("status", "")
        returncode, problem = None, None
        if COUNT.fullmatch(status):
            returncode = int(status)
        elif status.startswith("signal:") and COUNT.fullmatch(status[7:]):
            returncode = -int(status[7:])
        elif status == "timeout":
            problem = timeout_problem(f"{duration:.2f}" if duration is not None else None)
        else:
            problem = f"the runner reported no usable status ({quote(status)})"
        if problem is None and values.get("output") == "truncated":
            problem = f"printed more than {OUTPUT_LIMIT} bytes"
        if problem is None and values.get("stderr") == "truncated":  # as execute() says it natively
            problem = f"printed more than {OUTPUT_LIMIT} bytes on stderr"
        if problem is None:
            problem = block.problem()
        sent = values.get("lines", "")
        if COUNT.fullmatch(sent) and int(sent) != block.received:  # whatever else befell the case
            lost = f"the stream lost part of its output: {sent} lines sent, {block.received} received"
            self._problem(f"{shown(block.id)}: {lost}")
            problem = problem or lost
        if problem is None and values.get("left") == "processes":
            problem = "left processes running after it exited; killed them"
        leftover = [f for f in values.get("leftover", "").split(",") if f]
        self._record(block, Execution(stdout=block.text("stdout"), stderr=block.text("stderr"),
                                      returncode=returncode, problem=problem,
                                      duration_s=duration or 0.0, leftover=leftover), self._held)
        self._case = None
        self._last_exit = block.id

    def _result(self, status, case_id, directive):
        # The exit line carries the facts; the ok line only knows the timeout set.
        execution = self.stream.executions.get(case_id)
        if execution is not None and self.stream.judged:
            execution.runner_verdict = runner_verdict(status, directive)
        timed_out = TIMED_OUT.fullmatch(directive or "")
        if case_id == self._last_exit and timed_out and execution and execution.returncode is None:
            execution.problem = timeout_problem(timed_out.group(1))
        self._last_exit = None

    def _unfinished(self, completed, why):
        block = self._case
        problem = f"did not finish: {why}"
        self._record(block, Execution(stdout=block.text("stdout"), stderr=block.text("stderr"),
                                      problem=problem if block.problem() is None
                                      else f"{problem}; {block.problem()}"), completed)
        self._case = None

    def _record(self, block, execution, completed):
        stream = self.stream
        if not block.keep:
            stream.unknown_count += 1
            if len(stream.unknown) < JUNK_EXAMPLES and block.id not in stream.unknown:
                stream.unknown.append(shown(block.id))
            return
        if block.id in stream.executions:
            self._problem(f"{shown(block.id)}: reported twice; the last report kept")
        stream.executions[block.id] = completed[block.id] = execution


def join_lines(lines):
    return "".join(line + "\n" for line in lines)


def parse_stream(text, known=None):
    """The whole of a captured stream -> Stream."""
    parser = StreamParser(known)
    parser.feed(text)
    parser.close()
    return parser.stream

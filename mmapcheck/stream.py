"""Parsing the stream runner.sh prints inside a guest or on a machine without
Python (format: the comment at the top of runner.sh).  The text arrives over
serial ports and log files: kernel messages interleave, lines end in CRLF,
NULs appear, and the guest may die mid-case, so nothing here raises on bad
input; what does not fit is noted in Stream.problems."""

import dataclasses
import re

from .execute import OUTPUT_LIMIT, Execution


CASE = "# mmapcheck-case: "
STDERR = "# mmapcheck-stderr:"
EXIT = "# mmapcheck-exit: "
PLATFORM = "# mmapcheck-platform: "
SCRATCH = "# mmapcheck-scratch: "  # the cases' scratch directory: fs=TYPE, dir=PATH
DONE = "# mmapcheck-done"
SUBTEST = "# Subtest: "  # names the case's nested KTAP document, for the kernel's parser
INDENT = "    "

PLAN = re.compile(r"^1\.\.(\d+)\s*$")
RESULT = re.compile(r"^(?:not )?ok \d+ (\S+)(?: # (.*))?$")
TIMED_OUT = re.compile(r"^timed out after (\S+) s$")
FIELD = re.compile(r"(\w+)=(\S*)")
JUNK_EXAMPLES = 3  # junk lines quoted in problems; the rest are counted


@dataclasses.dataclass
class Stream:
    platform: dict = dataclasses.field(default_factory=dict)
    scratch: dict = dataclasses.field(default_factory=dict)
    executions: dict = dataclasses.field(default_factory=dict)  # case id -> Execution
    planned: int = None       # N from "1..N"
    done: bool = False        # the done marker arrived: every case was reported
    problems: list = dataclasses.field(default_factory=list)


def timeout_problem(seconds):
    after = f"after {seconds} s" if seconds else "after an unknown time"
    return f"timed out {after}; process group killed"


class StreamParser:
    """Incremental: feed() chunks as they arrive (a growing log file), then
    close() at the end.  Both return the executions their text completed."""

    def __init__(self):
        self.stream = Stream()
        self._partial = ""        # an unfinished last line, kept for the next chunk
        self._case = None         # (id, stdout lines, stderr lines) of the open block
        self._last_exit = None    # id of the block just closed: its ok line may follow
        self._junk = []

    def feed(self, text):
        if isinstance(text, bytes):
            text = text.decode(errors="replace")
        lines = (self._partial + text.replace("\0", "")).split("\n")
        self._partial = lines.pop()
        completed = {}
        for line in lines:
            self._line(line.rstrip("\r"), completed)
        return completed

    def close(self):
        completed = {}
        if self._partial:
            self._line(self._partial.rstrip("\r"), completed)
            self._partial = ""
        stream = self.stream
        if self._case is not None:
            case_id = self._case[0]
            self._unfinished(completed, "the stream ended while it ran (guest died or output cut)")
            stream.problems.append(f"{case_id}: started but never finished: the stream ends inside it")
        if self._junk:
            examples = "; ".join(repr(j) for j in self._junk[:JUNK_EXAMPLES])
            stream.problems.append(f"{len(self._junk)} line(s) outside the stream format ignored, e.g. {examples}")
            self._junk = []
        if not stream.done:
            stream.problems.append("no '# mmapcheck-done' marker: the run stopped early (guest died or output cut)")
        elif stream.planned is not None and stream.planned != len(stream.executions):
            stream.problems.append(f"planned {stream.planned} cases but {len(stream.executions)} were reported")
        return completed

    def _line(self, line, completed):
        case = self._case
        if line.startswith(CASE):
            if case is not None:
                self._unfinished(completed, "its block ended without an exit line")
                self.stream.problems.append(f"{case[0]}: block without an exit line")
            self._case = (line[len(CASE):].strip(), [], [])
            self._last_exit = None
        elif line.startswith(EXIT):
            self._exit(line[len(EXIT):], completed)
        elif case is not None and (line.startswith(INDENT) or line == ""):
            case[1].append(line[len(INDENT):])
        elif case is not None and line.startswith(SUBTEST):
            pass
        elif case is not None and line.startswith(STDERR):
            text = line[len(STDERR):]
            case[2].append(text[1:] if text.startswith(" ") else text)
        elif line.startswith(PLATFORM) and "=" in line:
            key, _, value = line[len(PLATFORM):].partition("=")
            self.stream.platform[key.strip()] = value
        elif line.startswith(SCRATCH) and "=" in line:
            key, _, value = line[len(SCRATCH):].partition("=")
            self.stream.scratch[key.strip()] = value
        elif line.strip() == DONE:
            self.stream.done = True
        elif PLAN.match(line) and case is None:
            self.stream.planned = int(PLAN.match(line).group(1))
        elif RESULT.match(line) and case is None:
            self._result(*RESULT.match(line).groups())
        elif line.strip() in ("", "KTAP version 1") and case is None:
            pass
        else:
            self._junk.append(line)

    def _exit(self, rest, completed):
        case_id, _, fields = rest.strip().partition(" ")
        values = dict(FIELD.findall(fields))
        if self._case is None:
            self.stream.problems.append(f"{case_id}: exit line without its case line; output lost")
            stdout, stderr = [], []
        else:
            if self._case[0] != case_id:
                self.stream.problems.append(f"{self._case[0]}: block closed by the exit line of {case_id}")
                case_id = self._case[0]
            stdout, stderr = self._case[1], self._case[2]
        try:
            duration = float(values.get("time", "-"))
        except ValueError:
            duration = 0.0
        status = values.get("status", "")
        returncode, problem = None, None
        if status.isdigit():
            returncode = int(status)
        elif status.startswith("signal:") and status[7:].isdigit():
            returncode = -int(status[7:])
        elif status == "timeout":
            problem = timeout_problem(f"{duration:.2f}" if values.get("time", "-") != "-" else None)
        else:
            problem = f"the runner reported no usable status ({status!r})"
        if problem is None and values.get("output") == "truncated":
            problem = f"printed more than {OUTPUT_LIMIT} bytes"
        sent = values.get("lines", "")
        if problem is None and sent.isdigit() and int(sent) != len(stdout):
            problem = f"the stream lost part of its output: {sent} lines sent, {len(stdout)} received"
            self.stream.problems.append(f"{case_id}: {problem}")
        if problem is None and values.get("left") == "processes":
            problem = "left processes running after it exited; killed them"
        execution = Execution(stdout=join_lines(stdout), stderr=join_lines(stderr),
                              returncode=returncode, problem=problem, duration_s=duration,
                              leftover=[f for f in values.get("leftover", "").split(",") if f])
        self._record(case_id, execution, completed)
        self._case = None
        self._last_exit = case_id

    def _result(self, case_id, directive):
        # The exit line carries the facts; the ok line only knows the timeout set.
        execution = self.stream.executions.get(case_id)
        timed_out = TIMED_OUT.match(directive or "")
        if case_id == self._last_exit and timed_out and execution.returncode is None:
            execution.problem = timeout_problem(timed_out.group(1))
        self._last_exit = None

    def _unfinished(self, completed, why):
        case_id, stdout, stderr = self._case
        self._record(case_id, Execution(stdout=join_lines(stdout), stderr=join_lines(stderr),
                                        problem=f"did not finish: {why}"), completed)
        self._case = None

    def _record(self, case_id, execution, completed):
        if case_id in self.stream.executions:
            self.stream.problems.append(f"{case_id}: reported twice; the last report kept")
        self.stream.executions[case_id] = completed[case_id] = execution


def join_lines(lines):
    return "".join(line + "\n" for line in lines)


def parse_stream(text):
    """The whole of a captured stream -> Stream."""
    parser = StreamParser()
    parser.feed(text)
    parser.close()
    return parser.stream

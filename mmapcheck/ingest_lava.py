"""`runner.py ingest` of a LAVA job's log, the job having run lava/mmapcheck.yaml
(the bundle's runner, one LAVA test case per case): the log holds the
runner's whole stream, line by line, as the console printed it.

The log is what lava-run writes (its logger, lava_common/log.py: one record
a line, `{"dt": "...", "lvl": "...", "msg": ...}`, YAML's flow style with
every scalar double-quoted and non-ASCII escaped), or the job's log a LAVA
server keeps and offers for download (output.yaml: the same records, each
line `- {...}`).  A record of level "target" is one console line, as
lava_dispatcher/shell.py's ShellLogger made it: its CRs and ESCs removed,
each '"' sent as '\\"' (undone here).  Those lines are read as `ingest` reads
a captured log, and the stream in them is classified against expected/ for
the platform its lines describe, as any ingested run.  The test definition's
own lines (its reasons, LAVA's signals) are no junk.

LAVA's results (records of level "results") are held against the verdicts
found here, mapped as lava/mmapcheck.yaml maps runner.sh's: a case whose
LAVA result differs, or which has none, is a target problem (the bundle's
expected/ is not this checkout's, or lava-test-case failed), and so is a
job LAVA itself failed (its error type and message).  A results.yaml of a
LAVA server's API holds only those results, never the stream: it is not
read; the log is the job's whole record.

The file is foreign input: a regular file (never a link) or stdin, read a
line at a time (memory bounded by RECORD_LIMIT whatever its size, time
linear in it); a line that is not such a record, or one longer than LAVA
writes, is one UsageError naming its line."""

import re
import sys

from . import UsageError
from .cases import collect
from .ingest import check_report_id, classify_stream, open_log, stripped_lines
from .ktap import LINE_LIMIT
from .stream import StreamParser, shown

RECORD_LIMIT = 1 << 20  # bytes of a record's line: LAVA replaces a record of 10**6 characters or more
DEPTH_LIMIT = 8         # nested mappings and sequences in a record; LAVA's go two deep
SIGNATURE = b'{"dt": "'
SERVER_SIGNATURE = b'- {"dt": "'  # a server's output.yaml: a YAML sequence of the records
OWN_LINES = ("mmapcheck-lava: ", "<LAVA_SIGNAL_", "<LAVA_TEST_RUNNER ")  # the test definition's, LAVA's
LAVA_NAME = re.compile(r"[a-z0-9-]+\.[a-z0-9-]+")  # lava/mmapcheck.yaml's name of a case CALL/CLAIM
# The LAVA result lava/mmapcheck.yaml gives each verdict.
LAVA_RESULT_OF = {"pass": "pass", "xfail": "pass", "skip": "skip", "fail": "fail", "xpass": "fail",
                  "error": "unknown"}
LAVA_RESULTS = ("pass", "fail", "skip", "unknown")
DIFFERENCES_SHOWN = 5
RESULTS_LIMIT = 100_000  # results kept when no case list bounds them (the tally); the suite has some 500
ACTIONS_KEPT = 64        # top-level actions timed; a job has a handful
TEXT_LIMIT = 200  # characters of LAVA's own text (an error message) kept in a problem
ACTION_MARK = re.compile(r"(start|end): [0-9]+ ([a-z][a-z0-9-]*) \(")  # a top-level action's (level N)
TIMESTAMP = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T([0-9]{2}):([0-9]{2}):([0-9]{2}(?:\.[0-9]{1,6})?)")


def is_lava_log(log):
    """A log (a binary file) that begins as lava-run's log or a server's output.yaml."""
    head = log.peek(len(SERVER_SIGNATURE))
    return head.startswith(SIGNATURE) or head.startswith(SERVER_SIGNATURE)


def case_id_of(name):
    """CALL/CLAIM for lava/mmapcheck.yaml's test case name CALL.CLAIM, else None."""
    return name.replace(".", "/", 1) if isinstance(name, str) and LAVA_NAME.fullmatch(name) else None


# A record: YAML's flow style as PyYAML's emitter writes it with
# default_style='"': double-quoted scalars, a non-string one tagged ("! "),
# flow mappings and sequences.  Nothing else of YAML is read.
ESCAPES = {"0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v", "f": "\f",
           "r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85",
           "_": "\xa0", "L": "\u2028", "P": "\u2029"}
HEX_ESCAPES = {"x": 2, "u": 4, "U": 8}
HEX = re.compile(r"[0-9A-Fa-f]+")
SCALAR_BODY = re.compile(r'[^"\\]*(?:\\.[^"\\]*)*')
TAG = re.compile(r"!(?:!?[A-Za-z]*)? ")


class NotARecord(ValueError):
    pass


class RecordReader:
    """One line's record, read left to right: linear in the line."""

    def __init__(self, text):
        self.text, self.pos = text, 0

    def expect(self, literal):
        if not self.text.startswith(literal, self.pos):
            raise NotARecord(f"expected {literal!r} at character {self.pos + 1}")
        self.pos += len(literal)

    def value(self, depth):
        if depth > DEPTH_LIMIT:
            raise NotARecord(f"nested more than {DEPTH_LIMIT} deep")
        c = self.text[self.pos:self.pos + 1]
        if c == "{":
            return self.mapping(depth + 1)
        if c == "[":
            return self.sequence(depth + 1)
        tag = TAG.match(self.text, self.pos)
        if tag:
            self.pos = tag.end()
            return self.scalar()  # a number, a boolean, a null: kept as its text
        return self.scalar()

    def mapping(self, depth):
        self.expect("{")
        found = {}
        if self.text.startswith("}", self.pos):
            self.pos += 1
            return found
        while True:
            key = self.scalar()
            self.expect(": ")
            found[key] = self.value(depth)
            if self.text.startswith("}", self.pos):
                self.pos += 1
                return found
            self.expect(", ")

    def sequence(self, depth):
        self.expect("[")
        found = []
        if self.text.startswith("]", self.pos):
            self.pos += 1
            return found
        while True:
            found.append(self.value(depth))
            if self.text.startswith("]", self.pos):
                self.pos += 1
                return found
            self.expect(", ")

    def scalar(self):
        self.expect('"')
        body = SCALAR_BODY.match(self.text, self.pos)
        self.pos = body.end()
        self.expect('"')
        return unescape(body.group())


def unescape(body):
    """A double-quoted scalar's text with its escapes decoded."""
    if "\\" not in body:
        return body
    out, pos = [], 0
    while True:
        slash = body.find("\\", pos)
        if slash < 0:
            out.append(body[pos:])
            return "".join(out)
        out.append(body[pos:slash])
        c = body[slash + 1:slash + 2]
        if c in ESCAPES:
            out.append(ESCAPES[c])
            pos = slash + 2
        elif c in HEX_ESCAPES:
            digits = body[slash + 2:slash + 2 + HEX_ESCAPES[c]]
            if len(digits) != HEX_ESCAPES[c] or not HEX.fullmatch(digits):
                raise NotARecord(f"a \\{c} escape without its {HEX_ESCAPES[c]} hex digits")
            code = int(digits, 16)
            if code > 0x10FFFF:
                raise NotARecord(f"\\{c}{digits} is no character")
            out.append(chr(code) if not 0xD800 <= code <= 0xDFFF else "\ufffd")
            pos = slash + 2 + HEX_ESCAPES[c]
        else:
            raise NotARecord(f"an unknown escape \\{c}" if c else "a scalar ending in a backslash")


def parse_record(line):
    """A record's fields ({"dt", "lvl", "msg", ...}); NotARecord saying why not."""
    reader = RecordReader(line)
    record = reader.mapping(1)
    if reader.pos != len(line):
        raise NotARecord(f"text after the record at character {reader.pos + 1}")
    if not isinstance(record.get("lvl"), str) or "msg" not in record:
        raise NotARecord("no lvl or msg field")
    return record


def records(log, name):
    """(line number, record) of each line of the log, read a line at a time."""
    lineno, prefix = 0, None
    while True:
        try:
            raw = log.readline(RECORD_LIMIT + 1)
        except OSError as e:
            raise UsageError(f"cannot read {name}: {e.strerror}")
        if not raw:
            return
        lineno += 1
        if len(raw) > RECORD_LIMIT:
            raise UsageError(f"{name}:{lineno}: a line longer than {RECORD_LIMIT} bytes: "
                             "not a LAVA job log (lava-run writes shorter records)")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            raise UsageError(f"{name}:{lineno}: byte {e.start + 1}: not UTF-8: not a LAVA job log")
        text = text.rstrip("\n").rstrip("\r")
        if prefix is None:
            prefix = "- " if text.startswith("- ") else ""
        if not text.strip() and not prefix:
            continue
        if not text.startswith(prefix):
            raise UsageError(f"{name}:{lineno}: not a record of the log's '- ' list: not a LAVA job log")
        try:
            yield lineno, parse_record(text[len(prefix):])
        except NotARecord as e:
            raise UsageError(f"{name}:{lineno}: not a LAVA log record ({e})")
        except RecursionError:
            raise UsageError(f"{name}:{lineno}: nested too deeply: not a LAVA log record")


def seconds_of(dt):
    """The time of day a record's dt says, in seconds; None when it says none."""
    when = TIMESTAMP.fullmatch(dt) if isinstance(dt, str) else None
    return (int(when.group(1)) * 60 + int(when.group(2))) * 60 + float(when.group(3)) if when else None


class JobLog:
    """What a LAVA job's log says: the console's lines go to a stream parser,
    its results and its own verdict on the job are kept."""

    def __init__(self, known):
        self.parser = StreamParser(known)
        self.known = known          # the checkout's case ids (None: any name of a case's form)
        self.results = {}           # case id -> LAVA's result
        self.repeated = []          # the first case ids with more than one result
        self.repeated_count = 0
        self.other_results = 0      # results of no case of this checkout
        self.job = None             # lava's result for the job: {"result", "error_type", "error_msg"}
        self.started = {}           # top-level action -> when it started (its record's dt)
        self.durations = {}         # top-level action ("deployimages", ...) -> seconds it took
        self.own_lines = 0
        self.first = self.last = None  # the first and the last record's time of day, in seconds

    def console_lines(self, recs):
        for _, record in recs:
            level, msg = record["lvl"], record["msg"]
            when = seconds_of(record.get("dt"))
            if when is not None:
                self.first = when if self.first is None else self.first
                self.last = when
            if level == "target" and isinstance(msg, str):
                # ShellLogger's escape of '"' undone; a record holds one line
                # of the console, and the pieces of a forged one are lines too
                for line in msg.replace('\\"', '"').split("\n"):
                    if line.startswith(OWN_LINES):
                        self.own_lines += 1
                        continue
                    yield line[:LINE_LIMIT], len(line) > LINE_LIMIT
            elif level == "results" and isinstance(msg, dict):
                self.result(msg)
            elif level == "info" and isinstance(msg, str):
                self.action_time(msg, record.get("dt"))

    def action_time(self, msg, dt):
        """A top-level action's start or end ("start: 1 deployimages (timeout ...)")."""
        m = ACTION_MARK.match(msg)
        seconds = seconds_of(dt)
        if not m or seconds is None:
            return
        if m.group(1) == "start":
            if len(self.started) + len(self.durations) < ACTIONS_KEPT:  # LAVA's jobs have a handful
                self.started[m.group(2)] = seconds
        elif m.group(2) in self.started:
            self.durations[m.group(2)] = (seconds - self.started.pop(m.group(2))) % 86400

    def result(self, msg):
        definition, case, result = (msg.get(k) for k in ("definition", "case", "result"))
        if definition == "lava":
            if case == "job":
                self.job = {k: msg.get(k) for k in ("result", "error_type", "error_msg")}
            return
        cid = case_id_of(case)
        if cid is None or result not in LAVA_RESULTS or (cid not in self.results and (
                cid not in self.known if self.known is not None else len(self.results) >= RESULTS_LIMIT)):
            self.other_results += 1
            return
        if cid in self.results:
            self.repeated_count += 1
            if len(self.repeated) < DIFFERENCES_SHOWN:
                self.repeated.append(cid)
        self.results[cid] = result

    def read(self, log, name):
        for line, cut in stripped_lines(self.console_lines(records(log, name))):
            self.parser.line(line, cut)
        self.parser.close()
        return self.parser.stream


def ingest_lava(log, report_id, patterns=(), name="the log"):
    """As ingest.ingest(), for a LAVA job's log: (Suite, whether every case
    of the checkout is in it, notes)."""
    check_report_id(report_id)
    all_cases = collect()
    known = {c.id for c in all_cases}
    job = JobLog(known)
    stream = job.read(log, name)  # opened by ingest.open_log: no link followed, no FIFO read
    suite, selected_all, notes = classify_stream(stream, all_cases, report_id, patterns)
    problems = suite.target_problems
    if job.job is not None and job.job.get("result") != "pass":
        error = f"{job.job.get('error_type') or 'error'}: {job.job.get('error_msg') or 'no message'}"
        problems.append(f"LAVA failed the job ({shown(str(error)[:TEXT_LIMIT])})")
    elif job.job is None:
        problems.append("the log holds no result of the job (lava's 'job'): the job had not finished")
    reported = [r for r in suite.runs if r.verdict != "notrun"]
    missing = [r.case.id for r in reported if r.case.id not in job.results]
    differ = [f"{r.case.id} (LAVA {job.results[r.case.id]}, here {r.verdict})" for r in reported
              if r.case.id in job.results and LAVA_RESULT_OF[r.verdict] != job.results[r.case.id]]
    if missing:
        problems.append(f"LAVA recorded no result for {len(missing)} case(s) the stream reports, e.g. "
                        f"{', '.join(missing[:DIFFERENCES_SHOWN])}: lava-test-case did not run for them")
    if differ:
        problems.append(f"LAVA's result differs from the verdict here for {len(differ)} case(s), e.g. "
                        f"{', '.join(differ[:DIFFERENCES_SHOWN])}: the bundle's expected/ is not this "
                        "checkout's, or the results are not lava/mmapcheck.yaml's")
    if job.repeated:
        problems.append(f"LAVA recorded {job.repeated_count} more result(s) for cases it had a result "
                        f"for, e.g. {', '.join(job.repeated)}; the last one kept")
    if job.other_results:
        notes.append(f"{job.other_results} LAVA result(s) name no case of this checkout, ignored")
    return suite, selected_all, notes


def summary(path):
    """LAVA's own tally of a job log: its results per value, the job's result
    and the actions' durations (run-offline.sh prints it)."""
    job = JobLog(None)
    with open_log(path) as log:
        job.read(log, path)
    counts = {r: sum(v == r for v in job.results.values()) for r in LAVA_RESULTS}
    durations = ", ".join(f"{k} {v:.1f} s" for k, v in job.durations.items())
    verdict = (job.job or {}).get("result", "unfinished")
    return (f"LAVA: {len(job.results)} test cases: " + ", ".join(f"{n} {r}" for r, n in counts.items())
            + f"; the job: {verdict}" + (f"; {durations}" if durations else "")
            + (f"; the log spans {(job.last - job.first) % 86400:.1f} s" if job.first is not None else ""))


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        print("usage: python3 -m mmapcheck.ingest_lava JOB_LOG   (LAVA's tally of a job's log)", file=sys.stderr)
        return 2
    try:
        print(summary(argv[0]))
    except UsageError as e:  # open_log and records() say what could not be read
        print(f"mmapcheck.ingest_lava: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())

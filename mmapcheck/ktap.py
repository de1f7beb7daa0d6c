"""A case's output: KTAP parsed defensively, and the outcome it and the exit status give."""

import dataclasses
import re
import signal


EXIT_CODES = {"pass": 0, "fail": 1, "error": 1, "skip": 4}  # kselftest's


@dataclasses.dataclass
class Result:
    ok: bool
    number: int
    name: str
    directive: str  # "", "skip", "error", "xfail", "todo"
    reason: str


@dataclasses.dataclass
class Ktap:
    version: str = None
    plan: int = None
    plan_skip: str = None  # "1..0 # SKIP reason"
    results: list = dataclasses.field(default_factory=list)
    observed: dict = dataclasses.field(default_factory=dict)
    diagnostics: list = dataclasses.field(default_factory=list)
    bail_out: str = None
    problems: list = dataclasses.field(default_factory=list)


# Output comes from anywhere (a case gone wrong, a log from another machine):
# every pattern here runs in time linear in the line, numbers have at most
# NUMBER_DIGITS ASCII digits, and lines are cut at LINE_LIMIT characters.
LINE_LIMIT = 4096  # characters; a case's longest line is about 250
NUMBER_DIGITS = 9
PROBLEMS_KEPT = 20  # problems quoted; the rest are counted
OBSERVATIONS_KEPT = 100
DIAGNOSTICS_KEPT = 200
REASON_LIMIT = 500  # characters of a case's own text quoted in a reason
NAME_LIMIT = 100


def cut(text, limit=REASON_LIMIT):
    return text if len(text) <= limit else text[:limit] + "... (cut)"
VERSION_LINE = re.compile(r"(KTAP version 1|TAP version 1[34])")
PLAN_LINE = re.compile(r"1\.\.([0-9]{1,9})\s*(?:#\s*SKIP\b\s*(.*))?", re.I)
RESULT_HEAD = re.compile(r"(ok|not ok) ([0-9]{1,9})(?!\w)")
DIRECTIVE = re.compile(r"\s*(\w+)")


def parse_result(line):
    """A result line as a Result, else None.  Split by hand at the first '#':
    a single regex for it backtracks polynomially on long runs of spaces."""
    m = RESULT_HEAD.match(line)
    if not m:
        return None
    name, sep, comment = line[m.end():].partition("#")
    directive, reason = "", ""
    if sep:
        d = DIRECTIVE.match(comment)
        if not d:
            return None
        directive, reason = d.group(1).lower(), comment[d.end():].strip()
    return Result(m.group(1) == "ok", int(m.group(2)), name.strip(), directive, reason)


def parse_ktap(text):
    """Parses one case's stdout.  Never raises: whatever does not fit is a
    problem.  Bounded: a line past LINE_LIMIT is cut (a problem), and only the
    first observations, diagnostics and problems are kept (the rest counted)."""
    k = Ktap()
    problems, observations = 0, {}  # all problems; key -> times seen

    def problem(text):
        nonlocal problems
        problems += 1
        if problems <= PROBLEMS_KEPT:
            k.problems.append(text)

    for lineno, line in enumerate(text.splitlines(), 1):
        line = line.rstrip("\r")
        if len(line) > LINE_LIMIT:
            problem(f"line {lineno}: longer than {LINE_LIMIT} characters, cut")
            line = line[:LINE_LIMIT]
        if not line.strip():
            continue
        plan = PLAN_LINE.fullmatch(line)
        result = None if plan else parse_result(line)
        if VERSION_LINE.fullmatch(line):
            if k.version or k.plan is not None or k.results:
                problem(f"line {lineno}: version line not first")
            k.version = line
        elif plan:
            if k.plan is not None:
                problem(f"line {lineno}: second plan line")
            k.plan = int(plan.group(1))
            k.plan_skip = plan.group(2)
        elif result:
            if len(k.results) < PROBLEMS_KEPT:  # a case reports one; classify() counts only
                k.results.append(result)
            else:
                problem(f"line {lineno}: result line past the first {PROBLEMS_KEPT}")
        elif line.startswith("#"):
            body = line[1:].strip()
            if body.startswith("observed:"):
                for token in body[len("observed:"):].split():
                    key, sep, value = token.partition("=")
                    if not sep:
                        problem(f"line {lineno}: observation {token[:80]!r} is not key=value")
                        continue
                    if len(k.observed) >= OBSERVATIONS_KEPT:
                        problem(f"line {lineno}: more than {OBSERVATIONS_KEPT} observations, "
                                "the rest dropped")
                        continue
                    n = observations.get(key, 0) + 1
                    unique = key if n == 1 else f"{key}_{n}"
                    while unique in k.observed:  # a key that itself looks like "errno_2"
                        n += 1
                        unique = f"{key}_{n}"
                    observations[key] = n
                    k.observed[unique] = value
            elif len(k.diagnostics) < DIAGNOSTICS_KEPT:
                k.diagnostics.append(body)
            elif len(k.diagnostics) == DIAGNOSTICS_KEPT:
                k.diagnostics.append(f"(diagnostics past the first {DIAGNOSTICS_KEPT} cut)")
        elif line.startswith("Bail out!"):
            k.bail_out = line[len("Bail out!"):].strip()
        else:
            problem(f"line {lineno}: not KTAP: {line[:80]!r}")
    if problems > PROBLEMS_KEPT:
        k.problems.append(f"{problems - PROBLEMS_KEPT} more problem(s) not listed")
    return k


def classify(case_id, k, returncode):
    """The case's outcome (pass, fail, skip, error) and its reason, from its
    parsed output and exit status (negative: killed by that signal)."""
    def error(reason):
        return "error", reason

    if returncode is not None and returncode < 0:
        try:
            name = signal.Signals(-returncode).name
        except ValueError:
            name = f"signal {-returncode}"
        return error(f"crashed: killed by {name}")
    if k.version is None:
        return error("no KTAP version line")
    if k.plan is None:
        return error("no plan line (1..1)" + (f"; bailed out: {cut(k.bail_out)}" if k.bail_out else ""))
    if k.problems:
        return error("malformed KTAP: " + "; ".join(k.problems[:3]))
    if k.plan == 0 and k.plan_skip is not None and not k.results:
        outcome, reason = "skip", cut(k.plan_skip)
    elif k.plan != 1:
        return error(f"plan is 1..{k.plan}; a case reports exactly one result")
    elif len(k.results) != 1:
        why = f"; bailed out: {cut(k.bail_out)}" if k.bail_out else ""
        return error(f"{len(k.results)} result lines, expected 1{why}")
    else:
        r = k.results[0]
        if r.number != 1:
            return error(f"result line numbered {r.number}, expected 1")
        if r.directive not in ("", "skip", "error"):
            return error(f"unsupported directive '# {cut(r.directive.upper(), NAME_LIMIT)}' "
                         "(expected outcomes belong in expected/, not in the case)")
        if r.name and r.directive == "" and r.name != case_id:
            return error(f"result line names '{cut(r.name, NAME_LIMIT)}', expected '{case_id}'")
        if r.directive == "skip":
            outcome, reason = "skip", cut(r.reason)
        elif r.directive == "error":
            outcome, reason = "error", f"broken: {cut(r.reason)}"
        elif r.ok:
            outcome, reason = "pass", ""
        else:
            failed = [d for d in k.diagnostics if "check failed:" in d]
            outcome, reason = "fail", cut("; ".join(failed[:3])) or "the case reported not ok"
    status = "ok" if outcome in ("pass", "skip") else "not ok"
    if returncode != EXIT_CODES[outcome]:
        return error(f"exit code {returncode} disagrees with result line '{status}' "
                     f"({outcome}, exit {EXIT_CODES[outcome]})")
    return outcome, reason

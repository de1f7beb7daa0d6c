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


VERSION_LINE = re.compile(r"^(KTAP version 1|TAP version 1[34])$")
PLAN_LINE = re.compile(r"^1\.\.(\d+)\s*(?:#\s*SKIP\b\s*(.*))?$", re.I)
RESULT_LINE = re.compile(r"^(ok|not ok) (\d+)\b\s*([^#]*?)\s*(?:#\s*(\w+)\b\s*(.*?))?\s*$")


def parse_ktap(text):
    """Parses one case's stdout.  Never raises: whatever does not fit is a problem."""
    k = Ktap()
    for lineno, line in enumerate(text.splitlines(), 1):
        line = line.rstrip("\r")
        if not line.strip():
            continue
        if VERSION_LINE.match(line):
            if k.version or k.plan is not None or k.results:
                k.problems.append(f"line {lineno}: version line not first")
            k.version = line
        elif PLAN_LINE.match(line):
            m = PLAN_LINE.match(line)
            if k.plan is not None:
                k.problems.append(f"line {lineno}: second plan line")
            k.plan = int(m.group(1))
            k.plan_skip = m.group(2)
        elif RESULT_LINE.match(line):
            status, num, name, directive, reason = RESULT_LINE.match(line).groups()
            k.results.append(Result(status == "ok", int(num), name, (directive or "").lower(),
                                    reason or ""))
        elif line.startswith("#"):
            body = line[1:].strip()
            if body.startswith("observed:"):
                for token in body[len("observed:"):].split():
                    key, sep, value = token.partition("=")
                    if not sep:
                        k.problems.append(f"line {lineno}: observation '{token}' is not key=value")
                        continue
                    n, unique = 2, key
                    while unique in k.observed:
                        unique, n = f"{key}_{n}", n + 1
                    k.observed[unique] = value
            else:
                k.diagnostics.append(body)
        elif line.startswith("Bail out!"):
            k.bail_out = line[len("Bail out!"):].strip()
        else:
            k.problems.append(f"line {lineno}: not KTAP: {line[:80]!r}")
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
        return error("no plan line (1..1)" + (f"; bailed out: {k.bail_out}" if k.bail_out else ""))
    if k.problems:
        return error("malformed KTAP: " + "; ".join(k.problems[:3]))
    if k.plan == 0 and k.plan_skip is not None and not k.results:
        outcome, reason = "skip", k.plan_skip
    elif k.plan != 1:
        return error(f"plan is 1..{k.plan}; a case reports exactly one result")
    elif len(k.results) != 1:
        why = f"; bailed out: {k.bail_out}" if k.bail_out else ""
        return error(f"{len(k.results)} result lines, expected 1{why}")
    else:
        r = k.results[0]
        if r.number != 1:
            return error(f"result line numbered {r.number}, expected 1")
        if r.directive not in ("", "skip", "error"):
            return error(f"unsupported directive '# {r.directive.upper()}' "
                         "(expected outcomes belong in expected/, not in the case)")
        if r.name and r.directive == "" and r.name != case_id:
            return error(f"result line names '{r.name}', expected '{case_id}'")
        if r.directive == "skip":
            outcome, reason = "skip", r.reason
        elif r.directive == "error":
            outcome, reason = "error", f"broken: {r.reason}"
        elif r.ok:
            outcome, reason = "pass", ""
        else:
            failed = [d for d in k.diagnostics if "check failed:" in d]
            outcome, reason = "fail", "; ".join(failed) or "the case reported not ok"
    status = "ok" if outcome in ("pass", "skip") else "not ok"
    if returncode != EXIT_CODES[outcome]:
        return error(f"exit code {returncode} disagrees with result line '{status}' "
                     f"({outcome}, exit {EXIT_CODES[outcome]})")
    return outcome, reason

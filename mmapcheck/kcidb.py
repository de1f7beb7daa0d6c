"""KCIDB, KernelCI's results database: report directories as one submission
in its I/O schema, version 5.3 (kcidb-io's v05_03; ../shared/schemas/).

    each report  a checkout and a build: the kernel it ran on (the Debian
                 package and version it came in, else the os, release and
                 machine), both named by the platform id
    each case    a test, path mmapcheck.<call>.<claim>, status its outcome
                 (an xfail's is its real one, usually FAIL), its raw KTAP
                 as log_excerpt when the report has it
    each documented deviation (an expected/ entry) an xfail or xpass shows:
                 an issue, and per such test an incident, present for an
                 xfail, absent for an xpass (the deviation did not show)

A report directory is foreign input.  Its summary.json is read by
summary.read_summary (bounded, never through a link, checked field by
field); the fields that does not check are checked here.  A case's KTAP is
read only through a ktap/ directory and a file that are no symbolic links,
and only its end.  Every string is cut to a bound, and what the schema
forbids in one (NUL) or what shows nothing is written as its code point."""

import datetime
import errno
import hashlib
import math
import os
import re
import stat
from pathlib import Path

from . import UsageError
from .escape import INVISIBLE, code_point
from .expected import load_expected
from .summary import NotASummary, read_summary

SCHEMA_VERSION = {"major": 5, "minor": 3}
ORIGIN = re.compile(r"[a-z0-9_]{1,64}")  # the schema's origin pattern, bounded
GIT_COMMIT = re.compile(r"[0-9a-f]{7,40}")  # a full hash, or one abbreviated as git prints it
FULL_HASH_LENGTH = 40
PATH_UNSAFE = re.compile(r"[^a-zA-Z0-9_-]")  # the schema's path: such components joined by dots
ARCHITECTURE_UNSAFE = re.compile(r"[^a-z0-9_]")  # the schema's architecture pattern
# What an id's part keeps as it is.  Any other character makes the part its
# plain spelling and a hash of the original, so that parts that differ stay
# apart.  ":" separates the parts; "/" is in case ids only.
ID_UNSAFE = re.compile(r"[^A-Za-z0-9._+@=-]")
FILE_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,40}")  # an expected/ file's name: linux, qemu-user
DATE_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,6})?(?:Z|[+-]\d\d:\d\d)")  # RFC 3339

LOG_EXCERPT_LIMIT = 16384  # the schema's maxLength of log_excerpt
KTAP_TAIL_BYTES = 4 * LOG_EXCERPT_LIMIT  # enough for LOG_EXCERPT_LIMIT characters of UTF-8
# The schema bounds no other string; a dashboard shows a line or two of one,
# and a report's reason is a few hundred characters.
TEXT_LIMIT = 4096
ITEMS_LIMIT = 64  # entries kept of a report's list or object (sources, observed, platform facts)
CUT = " [...cut]"

STATUS_OF_OUTCOME = {"pass": "PASS", "fail": "FAIL", "skip": "SKIP", "error": "ERROR", "notrun": "MISS"}
# A documented deviation is in the tested code (the kernel, the implementation, its C library).
CULPRIT = {"code": True, "tool": False, "harness": False}


def check_origin(origin):
    if not ORIGIN.fullmatch(origin):
        raise UsageError(f"--origin {one_line(origin[:80])!r}: a KCIDB origin is 1 to 64 lower-case "
                         "letters, digits and '_'")
    return origin


def check_git_commit(commit):
    """The checkout's fields for --git-commit: a full hash is git_commit_hash,
    an abbreviated one only a name (the schema's hash is 40 digits)."""
    commit = commit.lower()
    if not GIT_COMMIT.fullmatch(commit):
        raise UsageError(f"--git-commit {one_line(commit[:80])!r}: not a commit hash (7 to 40 hex digits)")
    return {"git_commit_hash" if len(commit) == FULL_HASH_LENGTH else "git_commit_name": commit}


def one_line(value):
    return str(value).replace("\n", "\\n").replace("\r", "\\r")


def text(value, limit=TEXT_LIMIT):
    """value as text for the submission: at most limit characters, those that
    show nothing or that the schema forbids (NUL) as code points."""
    value = INVISIBLE.sub(code_point, str(value)[:limit + 1])
    return value if len(value) <= limit else value[:limit - len(CUT)] + CUT


def id_part(value):
    value = str(value)
    plain = ID_UNSAFE.sub("_", value)
    if plain == value and value:
        return value
    digest = hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    return f"{plain[:100]}~{digest}"


def test_path(case_id):
    """mmapcheck.<call>.<claim>: a case id's components are the path's (case ids
    allow only what a path component does; anything else would become '_')."""
    return ".".join(["mmapcheck"] + [PATH_UNSAFE.sub("_", part) or "_" for part in case_id.split("/")])


def number(value):
    """A finite, non-negative number from a report, else None."""
    ok = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value) and value >= 0
    return value if ok else None


def run_time(started):
    """(start_time, the run's id part) from summary.json's started: an RFC 3339
    time, the id part in UTC; (None, None) for anything else."""
    if not isinstance(started, str) or not DATE_TIME.fullmatch(started):
        return None, None
    try:
        when = datetime.datetime.fromisoformat(started.replace("Z", "+00:00"))
    except ValueError:  # 2026-13-45T...
        return None, None
    utc = when.astimezone(datetime.timezone.utc)
    return started, utc.strftime("%Y%m%dT%H%M%S") + (f".{utc.microsecond:06d}" if utc.microsecond else "") + "Z"


def why(error):
    if error.errno in (errno.ELOOP, errno.EMLINK):  # O_NOFOLLOW on a link (FreeBSD says EMLINK)
        return "a symbolic link, not followed"
    return error.strerror or str(error)


def open_no_link(name, flags, dir_fd=None):
    """os.open(name) that follows no link in its last component.  A link to a
    directory opened with O_DIRECTORY fails with ENOTDIR, not ELOOP: told apart here."""
    try:
        return os.open(name, flags | os.O_NOFOLLOW | os.O_CLOEXEC, dir_fd=dir_fd)
    except NotADirectoryError:
        if stat.S_ISLNK(os.stat(name, dir_fd=dir_fd, follow_symlinks=False).st_mode):
            raise OSError(errno.ELOOP, "a symbolic link") from None
        raise


class KtapFiles:
    """A report's ktap/<call>/<claim>.ktap files, read through directories
    opened without following a link (a link planted in a report directory
    would make us read what it points to).  Each file is read from its end:
    the verdict and the reason are at the end of a case's KTAP."""

    def __init__(self, report_dir):
        self.where, self.fd, self.calls, self.note = Path(report_dir) / "ktap", None, {}, None
        try:
            self.fd = open_no_link(self.where, os.O_RDONLY | os.O_DIRECTORY)
        except FileNotFoundError:
            pass  # published reports keep no KTAP
        except OSError as e:
            self.note = f"{self.where}: not read: {why(e)}"

    def close(self):
        for fd in [self.fd, *self.calls.values()]:
            if fd is not None:
                os.close(fd)
        self.fd, self.calls = None, {}

    def excerpt(self, case_id):
        """(log_excerpt or None, why there is none or None)."""
        if self.fd is None:
            return None, None
        call, claim = case_id.split("/")
        name = f"{self.where}/{case_id}.ktap"
        fd = None
        try:
            if call not in self.calls:
                self.calls[call] = open_no_link(call, os.O_RDONLY | os.O_DIRECTORY, self.fd)
            fd = open_no_link(f"{claim}.ktap", os.O_RDONLY | os.O_NONBLOCK, self.calls[call])
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                return None, f"{name}: not read: not a regular file"
            start = max(0, info.st_size - KTAP_TAIL_BYTES)
            data = os.pread(fd, KTAP_TAIL_BYTES, start)
        except FileNotFoundError:
            return None, None
        except OSError as e:
            return None, f"{name}: not read: {why(e)}"
        finally:
            if fd is not None:
                os.close(fd)
        return tail_excerpt(data, start, info.st_size, f"ktap/{case_id}.ktap"), None


def tail_excerpt(data, start, size, name):
    """The end of a file as log_excerpt: whole when it fits, else from a line
    start, after a line saying how much is cut."""
    body = INVISIBLE.sub(code_point, data.decode("utf-8", errors="replace"))
    if start == 0 and len(body) <= LOG_EXCERPT_LIMIT:
        return body
    marker = f"[{name} is {size} bytes: its beginning is cut, its end follows]\n"
    body = body[-(LOG_EXCERPT_LIMIT - len(marker)):]
    return marker + body[body.find("\n") + 1:] if "\n" in body else marker + body


class Submission:
    """One KCIDB submission, filled a report directory at a time."""

    def __init__(self, origin, git_commit=None):
        self.origin, self.git_commit = check_origin(origin), git_commit or {}
        self.checkouts, self.builds, self.tests, self.issues, self.incidents = {}, {}, {}, {}, {}
        self.notes, self.report_of_run, self._case_ids = [], {}, None
        self.issues_with_reason = set()  # an xpass knows its entry's reason only from this checkout

    def as_dict(self):
        return {"version": dict(SCHEMA_VERSION), "checkouts": list(self.checkouts.values()),
                "builds": list(self.builds.values()), "tests": list(self.tests.values()),
                "issues": list(self.issues.values()), "incidents": list(self.incidents.values())}

    def add_report(self, report_dir):
        summary = read_report(report_dir)
        plat = summary["platform"]
        start_time, run_part = run_time(summary.get("started"))
        if start_time is None:
            self.notes.append(f"{report_dir}: started is not an RFC 3339 time: its tests have no start_time")
        build_id = self.add_kernel(plat, summary, start_time)
        run_id = f"{build_id}:{run_part or 'unknown-start'}"
        if run_id in self.report_of_run:  # its tests would be given twice, under the same ids
            raise UsageError(f"{report_dir}: the same run as {self.report_of_run[run_id]} (platform "
                             f"{one_line(plat['id'])}, started {one_line(summary.get('started'))[:40]})")
        self.report_of_run[run_id] = report_dir
        entries = self.expected_entries(plat) if any(c["verdict"] in ("xfail", "xpass")
                                                     for c in summary["cases"]) else {}
        ktap = KtapFiles(report_dir)
        try:
            if ktap.note:
                self.notes.append(ktap.note)
            for case in summary["cases"]:
                test_id = f"{run_id}:{case['id']}"
                excerpt, note = ktap.excerpt(case["id"])
                if note:
                    self.notes.append(note)
                deviation = expected_entry(case, plat, entries) if case["verdict"] in ("xfail", "xpass") else None
                self.tests[test_id] = self.test(case, test_id, build_id, start_time, excerpt, note, deviation)
                if deviation:
                    self.add_deviation(case, deviation, test_id)
        finally:
            ktap.close()

    def add_kernel(self, plat, summary, start_time):
        """The report's checkout and build; the build's id."""
        object_id = f"{self.origin}:{id_part(plat['id'])}"
        package, version = plat.get("kernel_package", ""), plat.get("kernel_package_version", "")
        kernel = {k: text(plat[k]) for k in ("os", "release", "machine", "kernel_package",
                                             "kernel_package_version") if plat.get(k)}
        if package:
            comment = f"Debian package {package} {version}".rstrip()
        else:
            comment = " ".join(plat.get(k) or "unknown" for k in ("os", "release", "machine"))
        checkout = {"id": object_id, "origin": self.origin, "comment": text(comment), "valid": True,
                    **self.git_commit, "misc": kernel}
        build = {"id": object_id, "checkout_id": object_id, "origin": self.origin,
                 "comment": text(f"{comment} (mmapcheck's target {plat.get('target') or 'unknown'})"),
                 "status": "PASS",  # it booted (or ran the cases natively): what the tests need of a build
                 "misc": {"platform": bounded_object(plat), "complete": summary.get("complete") is True,
                          "interrupted": summary.get("interrupted") is True,
                          "totals": summary.get("totals", {}),
                          "target_problems": [text(p) for p in (summary.get("target_problems") or [])[:ITEMS_LIMIT]]}}
        if start_time:  # when the kernel was taken to be tested: a dashboard orders checkouts by it
            checkout["start_time"] = build["start_time"] = start_time
        architecture = ARCHITECTURE_UNSAFE.sub("_", (plat.get("machine") or "").lower())[:64]
        if architecture:
            build["architecture"] = architecture
        if plat.get("kernel"):  # the kernel target's spec: line, flavour (page size), architecture
            build["config_name"] = text(plat["kernel"])
        if run_wall := number(summary.get("run_wall_s")):
            build["misc"]["run_wall_s"] = run_wall
        self.checkouts.setdefault(object_id, checkout)  # a platform's runs share its kernel
        self.builds.setdefault(object_id, build)
        return object_id

    def test(self, case, test_id, build_id, start_time, excerpt, excerpt_note, deviation):
        reason = case["reason"]
        misc = {"claim": text(case["claim"]), "sources": [text(s) for s in case["sources"][:ITEMS_LIMIT]],
                "tags": [text(t, 100) for t in case["tags"][:ITEMS_LIMIT]], "reason": text(reason),
                "observed": bounded_object(case.get("observed") or {}), "verdict": case["verdict"]}
        for key in ("expected", "runner_verdict"):
            if isinstance(case.get(key), str):
                misc[key] = text(case[key], 100)
        if case["citation"]:
            misc["citation"] = text(case["citation"])
        if deviation and deviation[1]:
            misc["expected_reason"] = text(deviation[1])
        if type(case.get("exit_code")) is int and abs(case["exit_code"]) < 1 << 31:
            misc["exit_code"] = case["exit_code"]
        if excerpt_note:
            misc["log_excerpt_note"] = text(excerpt_note)
        test = {"id": test_id, "build_id": build_id, "origin": self.origin, "path": test_path(case["id"]),
                "status": STATUS_OF_OUTCOME[case["outcome"]],
                "comment": text(f"{case['verdict']}: {reason}" if reason else case["verdict"]), "misc": misc}
        if start_time:
            test["start_time"] = start_time
        if (duration := number(case.get("duration_s"))) is not None:
            test["duration"] = duration
        if excerpt:
            test["log_excerpt"] = excerpt
        return test

    def add_deviation(self, case, deviation, test_id):
        """The issue of the expected/ entry an xfail or xpass case met (deviation:
        its file's name and its reason), and the test's incident: the deviation
        present (xfail) or absent (xpass)."""
        file_name, reason = deviation
        issue_id = f"{self.origin}:expected/{file_name}:{case['id']}"
        subject = reason or f"expected/{file_name} lists a deviation for {case['id']}"
        issue = {"id": issue_id, "version": 1, "origin": self.origin, "report_subject": text(subject),
                 "comment": text(subject), "culprit": dict(CULPRIT),
                 "misc": {"expected_file": file_name, "case": case["id"],
                          "expected_outcome": text(case.get("expected") or "", 100),
                          "citation": text(case["citation"])}}
        if issue_id not in self.issues or (reason and issue_id not in self.issues_with_reason):
            self.issues[issue_id] = issue
            if reason:
                self.issues_with_reason.add(issue_id)
        present = case["verdict"] == "xfail"
        self.incidents[test_id] = {
            "id": test_id, "origin": self.origin, "issue_id": issue_id, "issue_version": 1,
            "test_id": test_id, "present": present,
            "comment": text(f"the documented deviation showed: outcome {case['outcome']}" if present
                            else f"the documented deviation did not show: {case['reason']}")}

    def expected_entries(self, plat):
        """This checkout's expected/ entries for the platform, for reports made
        before summary.json named each case's expected/ file; {} when they
        cannot be read."""
        if self._case_ids is None:
            from .cases import collect
            self._case_ids = {c.id for c in collect()}
        try:
            return load_expected(plat, self._case_ids)
        except UsageError as e:
            self.notes.append(f"expected/ not read ({e}): issues are named by the platform's OS file")
            return {}


def xfail_reason(case):
    """An xfail's reason is the entry's reason and its citation in brackets (suite.classify)."""
    cited = f" [{case['citation']}]"
    return case["reason"][:-len(cited)] if case["citation"] and case["reason"].endswith(cited) else case["reason"]


def expected_entry(case, plat, entries):
    """(the name of the expected/ file whose entry an xfail or xpass case met,
    the entry's reason or ""): the file summary.json names, else the file of
    this checkout's entry with the same citation, else the platform's OS file."""
    entry = entries.get(case["id"])
    same = entry is not None and entry.cite == case["citation"]
    recorded = case.get("expected_file")
    if isinstance(recorded, str) and FILE_NAME.fullmatch(recorded):
        file_name = recorded
    elif same and FILE_NAME.fullmatch(entry.file):
        file_name = entry.file
    else:
        os_name = (plat.get("os") or "").lower()
        file_name = os_name if FILE_NAME.fullmatch(os_name) else "unknown"
    if case["verdict"] == "xfail":
        return file_name, xfail_reason(case)
    return file_name, entry.reason if same else ""  # an xpass's reason says only that the entry is stale


def bounded_object(facts):
    """A report's object of strings, at most ITEMS_LIMIT entries, each cut."""
    return {text(k, 100): text(v) for k, v in list(facts.items())[:ITEMS_LIMIT]}


def read_report(report_dir):
    path = Path(report_dir) / "summary.json"
    try:
        return read_summary(path)
    except NotASummary as e:
        raise UsageError(f"{path}: not a summary.json of mmapcheck: {one_line(e)}")
    except OSError as e:
        raise UsageError(f"{path}: cannot read: {why(e)}")


def export(report_dirs, origin, git_commit=None):
    """(the submission for the report directories, notes on what was left out)."""
    submission = Submission(origin, git_commit)
    for report_dir in report_dirs:
        submission.add_report(report_dir)
    return submission.as_dict(), submission.notes

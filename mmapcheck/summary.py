"""summary.json written elsewhere (another machine, another person), read
for `runner.py compare` and `runner.py export`: checked for every field
compare uses (export checks the others it reads itself), so that a file
that is not what `runner.py run` writes is one error naming where in it,
never a traceback; and read in bounded memory, as UTF-8 whatever the locale,
never through a symbolic link."""

import json

from .cases import CASE_ID
from .expected import VERDICT_ORDER, read_regular_file

SUMMARY_LIMIT = 16 << 20  # bytes of summary.json read; a whole run's is about 400 KB
CASE_ID_LIMIT = PLATFORM_ID_LIMIT = 200  # characters
SCALARS = (str, int, float, bool, type(None))
OUTCOMES = ("pass", "fail", "error", "skip", "notrun")


class NotASummary(ValueError):
    """What makes a file not a summary.json of ours: its place in it and why."""


def expect(ok, where, what):
    if not ok:
        raise NotASummary(f"{where}: {what}")


def text_list(value, where):
    expect(isinstance(value, list) and all(isinstance(v, str) for v in value), where,
           "not a list of strings")
    return value


def check_platform(plat):
    """The platform's facts, each as text (a page size of 4096 as "4096"): the
    pages show them, and nothing compares them as numbers."""
    expect(isinstance(plat, dict), "platform", "missing or not an object")
    plat_id = plat.get("id")
    expect(isinstance(plat_id, str) and 0 < len(plat_id) <= PLATFORM_ID_LIMIT, "platform.id",
           f"missing or not a string of at most {PLATFORM_ID_LIMIT} characters")
    for key, value in plat.items():
        expect(isinstance(value, SCALARS), f"platform.{key[:40]}", "not a string or number")
        plat[key] = "" if value is None else value if isinstance(value, str) else json.dumps(value)
    return plat


def check_case(c, i):
    where = f"cases[{i}]"
    expect(isinstance(c, dict), where, "not an object")
    expect(isinstance(c.get("id"), str) and len(c["id"]) <= CASE_ID_LIMIT
           and CASE_ID.match(c["id"]), f"{where}.id", "missing or not a case id (call/claim)")
    expect(c.get("verdict") in VERDICT_ORDER, f"{where}.verdict",
           f"not one of {', '.join(VERDICT_ORDER)}")
    expect(c.get("outcome") in OUTCOMES, f"{where}.outcome", f"not one of {', '.join(OUTCOMES)}")
    observed = c.get("observed") or {}
    expect(isinstance(observed, dict) and all(isinstance(v, str) for v in observed.values()),
           f"{where}.observed", "not an object of strings")
    for key in ("claim", "reason", "citation"):
        expect(isinstance(c.get(key) or "", str), f"{where}.{key}", "not a string")
        c[key] = c.get(key) or ""
    text_list(c.get("sources", []), f"{where}.sources")
    text_list(c.get("tags", []), f"{where}.tags")
    return c


def read_summary(path):
    """summary.json's data, checked for what compare and export read; NotASummary otherwise."""
    data = read_regular_file(path, SUMMARY_LIMIT)
    expect(len(data) <= SUMMARY_LIMIT, "the file", f"larger than {SUMMARY_LIMIT} bytes")
    try:
        summary = json.loads(data.decode("utf-8", errors="replace"),
                             parse_constant=lambda name: expect(False, "a number", f"{name} is not one"))
    except RecursionError:
        raise NotASummary("nested too deeply")
    except ValueError as e:  # json.JSONDecodeError, or an integer of thousands of digits
        raise NotASummary(f"not JSON: {str(e)[:100]}")
    expect(isinstance(summary, dict), "the file", "not a JSON object")
    check_platform(summary.get("platform"))
    cases = summary.get("cases")
    expect(isinstance(cases, list), "cases", "missing or not a list")
    ids = set()
    for i, c in enumerate(cases):
        check_case(c, i)
        expect(c["id"] not in ids, f"cases[{i}].id", f"{c['id']} listed twice")
        ids.add(c["id"])
    totals = summary.get("totals", {})
    expect(isinstance(totals, dict) and all(k in VERDICT_ORDER and type(v) is int and v >= 0
                                            for k, v in totals.items()),
           "totals", "not an object of verdict counts")
    text_list(summary.get("target_problems") or [], "target_problems")
    return summary

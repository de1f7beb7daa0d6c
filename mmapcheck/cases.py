"""Case files: the header each case starts with, collection and selection."""

import dataclasses
import difflib
import fnmatch
import re
from pathlib import Path

from . import CASES_DIR, UsageError


@dataclasses.dataclass
class Case:
    id: str
    path: Path
    claim: str = ""
    sources: list = dataclasses.field(default_factory=list)
    tags: list = dataclasses.field(default_factory=list)
    requires: list = dataclasses.field(default_factory=list)
    not_mutated: str = ""  # why no fault-injection mutant can break this claim
    noop_satisfies: str = ""  # why a no-op of the claim's call still satisfies it (tests/vacuity)
    claim_call: str = ""  # the call the claim is about, where the id does not say (tests/vacuity)
    covers: list = dataclasses.field(default_factory=list)  # man-page entries: "mmap(2) EINVAL phrase"
    problems: list = dataclasses.field(default_factory=list)  # header lint

    @property
    def call(self):
        return self.id.split("/", 1)[0]


HEADER_KEY = re.compile(r"^\s*\*\s*(Claim|Source|Tags|Requires|Not-mutated|Covers|Noop-satisfies|Claim-call):\s*(.*?)\s*$")
CALL_NAME = re.compile(r"^[a-z_][a-z0-9_]*$")
CASE_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*/[a-z0-9]+(?:-[a-z0-9]+)*$")


def load_vocabulary(path):
    """`name  description` lines; '#' starts a comment line."""
    words = {}
    for line in path.read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, desc = line.strip().partition(" ")
            words[name] = desc.strip()
    return words


def parse_case(path, root=CASES_DIR):
    """Reads the header comment of one case file (the first /* ... */)."""
    rel = path.relative_to(root).as_posix()
    case = Case(id=rel[:-2] if rel.endswith(".c") else rel, path=path)
    text = path.read_text(errors="replace")
    end = text.find("*/")
    header = text[: end if end >= 0 else 0]
    claims, once = [], {}
    for lineno, line in enumerate(header.splitlines(), 1):
        m = HEADER_KEY.match(line)
        if not m:
            continue
        key, value = m.groups()
        if key == "Claim":
            claims.append(value)
        elif key == "Source":
            case.sources.append(value)
        elif key == "Tags":
            case.tags.extend(value.split())
        elif key == "Requires":
            case.requires.extend(value.split())
        elif key == "Covers":
            case.covers.append(value)
        else:
            once[key] = once.get(key, 0) + 1
            if key == "Not-mutated":
                case.not_mutated = value
            elif key == "Noop-satisfies":
                case.noop_satisfies = value
            else:
                case.claim_call = value
    case.claim = claims[0] if claims else ""
    where = f"{path}:1"
    if len(claims) != 1:
        case.problems.append(f"{where}: needs exactly one 'Claim:' line, found {len(claims)}")
    if not case.sources:
        case.problems.append(f"{where}: needs at least one 'Source:' line")
    if not case.tags:
        case.problems.append(f"{where}: needs a 'Tags:' line")
    for key, count in once.items():
        if count > 1:
            case.problems.append(f"{where}: at most one '{key}:' line, found {count}")
    if once.get("Noop-satisfies") and not case.noop_satisfies:
        case.problems.append(f"{where}: 'Noop-satisfies:' needs its reason")
    if once.get("Claim-call") and not CALL_NAME.match(case.claim_call):
        case.problems.append(f"{where}: 'Claim-call:' names one call (a C name such as munlock), "
                             f"not '{case.claim_call}'")
    if not CASE_ID.match(case.id):
        case.problems.append(f"{where}: case id '{case.id}' is not <call>/<words-with-dashes>")
    return case


def case_ids(root=CASES_DIR):
    """The ids of the cases below root, from their paths alone."""
    return {p.relative_to(root).with_suffix("").as_posix() for p in root.rglob("*.c")}


def collect(root=CASES_DIR):
    """Every case below root, sorted by id, with vocabulary problems noted."""
    tags = load_vocabulary(root / "TAGS")
    requires = load_vocabulary(root / "REQUIRES")
    cases = [parse_case(p, root) for p in sorted(root.rglob("*.c"))]
    for case in cases:
        for tag in case.tags:
            if tag not in tags:
                case.problems.append(f"{case.path}:1: unknown tag '{tag}' (see cases/TAGS)")
        for req in case.requires:
            if req not in requires:
                case.problems.append(f"{case.path}:1: unknown requirement '{req}' (see cases/REQUIRES)")
    return cases


def select(cases, patterns):
    """Cases whose id matches any pattern (exact id or glob); unknown -> UsageError."""
    if not patterns:
        return list(cases)
    ids = [c.id for c in cases]
    chosen = set()
    for pat in patterns:
        hits = [i for i in ids if fnmatch.fnmatchcase(i, pat)]
        if not hits:
            close = difflib.get_close_matches(pat, ids, n=3, cutoff=0.5)
            hint = f"; closest: {', '.join(close)}" if close else ""
            raise UsageError(f"no case matches '{pat}'{hint}")
        chosen.update(hits)
    return [c for c in cases if c.id in chosen]


def lint_or_die(cases):
    problems = [p for c in cases for p in c.problems]
    if problems:
        raise UsageError("bad case headers:\n  " + "\n  ".join(problems))

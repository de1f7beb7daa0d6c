"""runner.py compare: several platforms side by side, one row per case and one
column per platform, in reports/compare.md and one self-contained
reports/compare.html.  A column is a report directory (a run or an ingested
log: its summary.json) or a documented platform's expected/<os> file
("documented, not observed")."""

import dataclasses
from pathlib import Path

from . import EXPECTED_DIR, UsageError
from .escape import md_cell, md_code
from .expected import DOCUMENTED_OS, documented
from .safe_write import refuse_link, write_file
from .summary import NotASummary, read_summary

# The order a reader of the man pages expects; calls not named here follow, sorted.
CALL_ORDER = ("mmap", "munmap", "mprotect", "msync", "madvise", "mremap", "mlock", "mincore",
              "memfd", "shm", "ftruncate", "maps", "malloc")
OS_NAMES = {"freebsd": "FreeBSD", "netbsd": "NetBSD", "openbsd": "OpenBSD", "darwin": "macOS"}
DOCUMENTED_STATES = ("pass", "fail", "error", "skip", "unknown", "unaccounted")
# A cell's outcome: what the platform does with the claim.  Cells without one
# (not run, unknown, unaccounted, absent) never make a row differ.
OUTCOMES = ("pass", "fail", "error", "skip")


@dataclasses.dataclass
class Cell:
    state: str          # observed: a verdict; documented: one of DOCUMENTED_STATES; or "absent"
    documented: bool = False
    outcome: str = None
    observed: dict = dataclasses.field(default_factory=dict)
    reason: str = ""
    cite: str = ""

    @property
    def label(self):
        if self.state in ("absent", "unaccounted"):
            return self.state
        return ("documented " if self.documented else "") + self.state


@dataclasses.dataclass
class Column:
    kind: str           # "observed" or "documented"
    platform: dict
    cells: dict         # case id -> Cell
    totals: dict
    source: str = ""    # the report directory or expected/ file
    target_problems: list = dataclasses.field(default_factory=list)
    case_records: dict = dataclasses.field(default_factory=dict)  # a report's own claims and tags

    @property
    def id(self):
        return self.platform["id"]


@dataclasses.dataclass
class Row:
    id: str
    claim: str
    sources: list
    tags: list
    cells: list
    differs: str = ""   # "outcome", "skip", "observed" or "": see differences()
    differing_keys: frozenset = frozenset()

    @property
    def call(self):
        return self.id.split("/", 1)[0]


def load_report(directory):
    """One observed column from a report directory's summary.json.  The file
    comes from another machine: anything compare does not expect in it is one
    error naming where, never a traceback."""
    directory = Path(directory)
    path = directory / "summary.json"
    if not path.exists() and not path.is_symlink():
        raise UsageError(f"{directory}: no summary.json (not a report directory of "
                         "`runner.py run` or `runner.py ingest`)")
    try:
        summary = read_summary(path)
    except NotASummary as e:
        raise UsageError(f"{path}: not a summary.json of `runner.py run` ({e})")
    except OSError as e:
        raise UsageError(f"{path}: cannot read: {e.strerror}")
    plat, cases = summary["platform"], summary["cases"]
    cells = {c["id"]: Cell(c["verdict"], False, None if c["verdict"] == "notrun" else c["outcome"],
                           c.get("observed") or {}, c.get("reason") or "", c.get("citation") or "")
             for c in cases}
    records = {c["id"]: c for c in cases}
    return Column("observed", plat, cells, summary.get("totals", {}), str(directory),
                  summary.get("target_problems") or [], records)


def documented_column(os_name, cases, directory=EXPECTED_DIR):
    """A column from expected/<os>: what the platform's sources say of each case."""
    if os_name not in DOCUMENTED_OS:
        raise UsageError(f"--documented {os_name}: not one of {', '.join(DOCUMENTED_OS)}")
    column = documented(os_name, cases, directory)
    cells = {}
    for case in cases:
        e = column.get(case.id)
        if e is None:
            cells[case.id] = Cell("unaccounted", True,
                                  reason=f"expected/{os_name} does not list this case")
        else:
            cells[case.id] = Cell(e.outcome, True, e.outcome if e.outcome in OUTCOMES else None,
                                  reason=e.reason, cite=e.cite)
    totals = {s: sum(c.state == s for c in cells.values()) for s in DOCUMENTED_STATES}
    plat = {"id": f"{os_name}-documented", "os": OS_NAMES[os_name], "release": "", "machine": "",
            "page_size": "", "target": "documented"}
    return Column("documented", plat, cells, totals, f"expected/{os_name}")


def build_rows(cases, columns):
    """One row per case: those of the case list, then any only a report knows."""
    info = {c.id: (c.claim, c.sources, c.tags) for c in cases}
    for col in columns:
        for cid, rec in col.case_records.items():
            info.setdefault(cid, (rec.get("claim", ""), rec.get("sources", []), rec.get("tags", [])))
    rows = []
    for cid in sorted(info, key=sort_key):
        claim, sources, tags = info[cid]
        cells = [col.cells.get(cid, Cell("absent", col.kind == "documented")) for col in columns]
        row = Row(cid, claim, list(sources), list(tags), cells)
        row.differs, row.differing_keys = differences(cells)
        rows.append(row)
    return rows


def sort_key(case_id):
    call = case_id.split("/", 1)[0]
    rank = CALL_ORDER.index(call) if call in CALL_ORDER else len(CALL_ORDER)
    return (rank, case_id)


def differences(cells):
    """How the platforms differ on a case: "outcome" where the claim was tried
    (pass, fail, error) with different results; else "skip" where some skip and
    others tried it; else "observed" where the observations differ.  Also the
    observation keys with different values in the observed cells that have them
    (a case that did not run, or skipped early, observed nothing to compare)."""
    outcomes = {c.outcome for c in cells if c.outcome}
    observed = [c.observed for c in cells if not c.documented and c.state != "absent"]
    keys = {k for obs in observed for k in obs}
    differing = frozenset(k for k in keys if len({obs[k] for obs in observed if k in obs}) > 1)
    if len(outcomes - {"skip"}) > 1:
        return "outcome", differing
    if len(outcomes) > 1:
        return "skip", differing
    return ("observed" if differing else ""), differing


def differ_counts(rows):
    n = {d: sum(r.differs == d for r in rows) for d in DIFFER_ORDER}
    return (f"outcomes differ in {n['outcome']}, skipped on some platforms in {n['skip']}, "
            f"other values only in {n['observed']}")


def calls_of(rows):
    seen = []
    for r in rows:
        if r.call not in seen:
            seen.append(r.call)
    return seen


# Targets that run Linux's ABI on something other than a Linux kernel: named first
IMPLEMENTATIONS = {"gvisor": "gVisor", "uml": "UML", "qemu-user": "qemu-user", "valgrind": "Valgrind"}


def column_heading(col):
    """Two lines: what the platform is, then where it ran."""
    p = col.platform
    if col.kind == "documented":
        return p["os"], "documented, not observed"
    system = f"{p.get('os', '')} {p.get('release', '')}".strip()
    kind = p.get("target_kind") or ""
    if kind in IMPLEMENTATIONS:
        system = f"{IMPLEMENTATIONS[kind]}: {system}"
    where = [p.get("target") or "", p.get("machine") or "", p.get("libc") or ""]
    return system, " · ".join(w for w in where if w)


def totals_text(col):
    t = col.totals
    if col.kind == "documented":
        return ", ".join(f"{t[s]} {s}" for s in DOCUMENTED_STATES if t.get(s))
    return ", ".join(f"{n} {v}" for v, n in t.items() if n)


def tokens_text(observed):
    return " ".join(f"{k}={v}" for k, v in observed.items())


def md_cell_text(cell):
    label = {"absent": "—", "unaccounted": "*unaccounted*"}.get(cell.state)
    if label is None:
        label = f"*doc {cell.state}*" if cell.documented else f"**{cell.state}**"
    toks = tokens_text(cell.observed)
    return md_cell(f"{label} {toks}" if toks else label)


DIFFER_MARK = {"outcome": "≠ outcome", "skip": "≠ skip", "observed": "≠ values", "": ""}
DIFFER_ORDER = {"outcome": 0, "skip": 1, "observed": 2, "": 3}


def markdown(columns, rows):
    lines = ["# mmapcheck: platforms compared", "",
             "Observed columns are report directories; *documented* columns are what a "
             "platform's own sources say (`expected/<os>`), not observed on that platform. "
             "A cell is the verdict, then the case's observations (errno, signal and si_code, "
             "values). *≠ outcome*: where the claim was tried, the outcomes differ (pass, fail, "
             "error); *≠ skip*: some platforms skip the case (its subject is missing there or not "
             "set up) and others try it; *≠ values*: same outcomes, other observations. Unknown, "
             "unaccounted and not run cells leave a row alone. Within each call, rows that "
             "differ come first.", "",
             "| column | platform | kind | os | release | machine | page size | totals |",
             "|---|---|---|---|---|---|---|---|"]
    names = [md_cell(column_heading(col)[0] + (" (documented)" if col.kind == "documented" else ""))
             for col in columns]
    for name, col in zip(names, columns):
        p = col.platform
        kind = "documented, not observed" if col.kind == "documented" else "observed"
        problems = f"; target problems: {'; '.join(col.target_problems)}" if col.target_problems else ""
        lines.append(f"| {name} | {md_cell(p['id'])} | {kind} | {md_cell(p.get('os', ''))} "
                     f"| {md_cell(p.get('release', ''))} | {md_cell(p.get('machine', ''))} "
                     f"| {md_cell(p.get('page_size', ''))} | {md_cell(totals_text(col) + problems)} |")
    lines += ["", f"**{len(rows)} cases: {differ_counts(rows)}.**"]
    for call in calls_of(rows):
        lines += ["", f"## {md_cell(call)}", "",
                  "| case | differs | " + " | ".join(names) + " |",
                  "|---|---|" + "---|" * len(columns)]
        in_call = sorted((r for r in rows if r.call == call), key=lambda r: (DIFFER_ORDER[r.differs], r.id))
        for r in in_call:
            lines.append(f"| {md_code(r.id)} | {DIFFER_MARK[r.differs]} | "
                         + " | ".join(md_cell_text(c) for c in r.cells) + " |")
    return "\n".join(lines) + "\n"


def compare(report_dirs, documented_os, out_dir, cases, expected_dir=EXPECTED_DIR):
    """Writes compare.md and compare.html into out_dir; returns their paths."""
    from .compare_html import html_page
    if not report_dirs and not documented_os:
        raise UsageError("compare needs at least one report directory or --documented OS")
    columns = [load_report(d) for d in report_dirs]
    columns += [documented_column(os_name, cases, expected_dir) for os_name in documented_os]
    seen = set()
    for col in columns:
        if col.id in seen:
            raise UsageError(f"platform {col.id} given twice ({col.source})")
        seen.add(col.id)
    rows = build_rows(cases, columns)
    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise UsageError(f"cannot write into {out_dir}: {e.strerror}")
    md, html = out_dir / "compare.md", out_dir / "compare.html"
    for path in (md, html):  # both refused before either is written
        refuse_link(path)
    write_file(md, markdown(columns, rows))
    write_file(html, html_page(columns, rows))
    return md, html, columns, rows

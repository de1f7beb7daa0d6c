"""Coverage of the documentation: every ERRORS and signal entry of the Linux
man pages installed here, with the cases whose `Covers:` line names it, or the
reason in cases/UNCHECKABLE why no case can check it on this kind of machine.

The entries are read from the pages' groff source at run time, so a newer
man-pages release shows its new entries.  A `Covers:` key is
`<page>(<section>) <NAME> ["phrase"]`: the page the entry is on, its errno or signal
name, and a few words of its text where the page has several entries of that
name.  A page of section 3 (posix_madvise) is read as well as section 2.
"""

import gzip
import os
import re
from pathlib import Path

from .escape import md_cell

# The pages of the calls the suite is about, as (name, section); munmap,
# pkey_mprotect, mlock2, munlock, mlockall and munlockall are documented on these.
PAGES = (("mmap", "2"), ("mprotect", "2"), ("msync", "2"), ("madvise", "2"), ("mremap", "2"),
         ("mlock", "2"), ("mincore", "2"), ("posix_madvise", "3"))
MAN_DIRS = ("/usr/share/man", "/usr/local/share/man")
KEY = re.compile(r'^(?P<page>[a-z_0-9]+)\((?P<section>\d)\)\s+(?P<name>[A-Z][A-Z0-9_]*)'
                 r'(?:\s+"(?P<phrase>[^"]+)")?$')


class Entry:
    def __init__(self, page, section, name, text):
        self.page, self.section, self.name, self.text = page, section, name, text
        self.cases, self.reason = [], None

    @property
    def label(self):
        return f"{self.page}({self.section}) {self.name}"


# ---------------------------------------------------------------- man pages


def find_page(name, section="2", dirs=MAN_DIRS):
    """The groff source of page name(section), following `.so` links; None if absent."""
    for d in (os.environ.get("MMAPCHECK_MANDIR"),) + tuple(dirs):
        for suffix in (f".{section}.gz", f".{section}"):
            path = Path(d or "/nonexistent", f"man{section}", name + suffix)
            if path.is_file():
                raw = path.read_bytes()
                text = (gzip.decompress(raw) if suffix.endswith(".gz") else raw).decode(errors="replace")
                link = re.match(r"^\.so\s+man(\d)/(\S+)\.\d\s*$", text.strip())
                return find_page(link.group(2), link.group(1), dirs) if link else text
    return None


ESCAPES = [(r"\\f(\(..|\[[^]]*\]|.)", ""), (r"\\\[bu\]|\\\(bu", "•"), (r"\\\[em\]|\\\(em", "—"),
           (r"\\\[aq\]|\\\(aq", "'"), (r"\\\[dq\]|\\\(dq", '"'), (r"\\-", "-"), (r"\\&", ""),
           (r"\\ ", " "), (r"\\e", "\\"), (r"\\%", "")]
ALTERNATING = {".BR", ".RB", ".IR", ".RI", ".BI", ".IB"}


def plain(line):
    """One line of groff as text: macros' words kept, fonts and escapes dropped."""
    if line.startswith("."):
        macro, _, args = line.partition(" ")
        words = re.findall(r'"([^"]*)"|(\S+)', args)
        words = [a or b for a, b in words]
        line = ("" if macro in ALTERNATING else " ").join(words) if macro in ALTERNATING | {".B", ".I"} else ""
    for pattern, repl in ESCAPES:
        line = re.sub(pattern, lambda _m, r=repl: r, line)
    return line


def errors_entries(page, section, source):
    """The tagged paragraphs (.TP) of the ERRORS section: errno and signal entries."""
    lines = source.splitlines()
    try:
        start = next(i for i, l in enumerate(lines) if re.match(r'^\.SH\s+"?ERRORS"?\s*$', l))
    except StopIteration:
        return []
    # mincore(2) starts its first entry without .TP: the section's first line may be a tag.
    entries, current, expect_tag = [], None, True
    for line in lines[start + 1:]:
        if line.startswith(".SH"):
            break
        if line.startswith('.\\"'):
            continue
        if line.startswith(".TP"):
            expect_tag = True
            continue
        if line.startswith((".PP", ".P ", ".LP")) or line == ".P":
            current = None
            continue
        if expect_tag:
            expect_tag = False
            name = plain(line).split()
            if name and re.match(r"^[A-Z][A-Z0-9_]+$", name[0]):
                current = Entry(page, section, name[0], [])
                entries.append(current)
            continue
        if current is not None:
            text = ("• " if line.startswith(".IP") else "") + plain(line)
            if text.strip():
                current.text.append(text.strip())
    for e in entries:
        e.text = " ".join(" ".join(e.text).split())
    return entries


def load_entries(pages=PAGES, dirs=MAN_DIRS):
    """Every entry of the pages; raises LookupError naming the pages not installed."""
    missing, entries = [], []
    for page, section in pages:
        source = find_page(page, section, dirs)
        if source is None:
            missing.append(f"{page}({section})")
        else:
            entries += errors_entries(page, section, source)
    if missing:
        raise LookupError(", ".join(missing))
    return entries


# ---------------------------------------------------------------- keys


def normal(text):
    return " ".join(text.lower().split())


def resolve(key, entries):
    """The one entry a key names, or a string saying why there is none."""
    m = KEY.match(key.strip())
    if not m:
        return 'not of the form <page>(<section>) <NAME> ["phrase"]'
    if (m["page"], m["section"]) not in PAGES:
        return (f"{m['page']}({m['section']}) is not one of the pages covered: "
                + ", ".join(f"{p}({s})" for p, s in PAGES))
    named = [e for e in entries if (e.page, e.section, e.name) == (m["page"], m["section"], m["name"])]
    if m["phrase"]:
        named = [e for e in named if normal(m["phrase"]) in normal(e.text)]
    if len(named) == 1:
        return named[0]
    if not named:
        return "matches no entry of the installed page"
    return f"matches {len(named)} entries: add a phrase that picks one out"


def load_unchecked(path):
    """cases/UNCHECKABLE: [(key, reason, 'file:line')]; malformed -> ValueError."""
    items, key, where = [], None, None
    for n, line in enumerate(Path(path).read_text().splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            if key is not None:
                raise ValueError(f"{where}: '{key}' has no reason: line")
            if not line.rstrip().endswith(":"):
                raise ValueError(f"{path}:{n}: expected '<page>(<section>) <NAME> [\"phrase\"]:'")
            key, where = line.rstrip()[:-1], f"{path}:{n}"
        elif line.strip().startswith("reason:") and key is not None:
            items.append((key, line.strip()[len("reason:"):].strip(), where))
            key = None
        else:
            raise ValueError(f"{path}:{n}: expected an indented 'reason: ...' line")
    if key is not None:
        raise ValueError(f"{where}: '{key}' has no reason: line")
    return items


def assess(cases, unchecked, entries):
    """Attaches cases and reasons to the entries; returns the problems found."""
    problems = []
    for case in cases:
        for key in case.covers:
            e = resolve(key, entries)
            if isinstance(e, str):
                problems.append(f"{case.path}: Covers: {key}: {e}")
            else:
                e.cases.append(case.id)
    for key, reason, where in unchecked:
        e = resolve(key, entries)
        if isinstance(e, str):
            problems.append(f"{where}: {key}: {e}")
        else:  # an entry of several causes may have cases for some and a reason for another
            e.reason = reason
    return problems


# ---------------------------------------------------------------- report


def counts(cases, attr):
    table = {}
    for case in cases:
        for k in ([case.call] if attr == "call" else case.tags):
            table[k] = table.get(k, 0) + 1
    return sorted(table.items())


def report(cases, entries, problems):
    """The Markdown report; the totals line is (covered, explained, total)."""
    covered = sum(1 for e in entries if e.cases)
    explained = sum(1 for e in entries if not e.cases and e.reason)
    lines = ["# mmapcheck: coverage of the man pages' ERRORS and signal entries", "",
             f"{len(cases)} cases. Entries: {covered} covered by a case, {explained} explained, "
             f"{len(entries) - covered - explained} neither, of {len(entries)} "
             f"(read from the installed pages: {', '.join(f'{p}({s})' for p, s in PAGES)}).", ""]
    if problems:
        lines += ["## Problems", ""] + [f"- {md_cell(p)}" for p in problems] + [""]
    for page, section in PAGES:
        lines += [f"## {page}({section})", "", "| entry | text | checked by |", "|---|---|---|"]
        for e in (e for e in entries if (e.page, e.section) == (page, section)):
            text = e.text if len(e.text) <= 160 else e.text[:157] + "..."
            how = "; ".join(filter(None, [", ".join(f"`{c}`" for c in e.cases),
                                          e.reason and f"*not checkable here:* {md_cell(e.reason)}"]))
            how = how or "**NOT COVERED**"
            lines.append(f"| {md_cell(e.name)} | {md_cell(text)} | {how} |")  # a man page's text: no markup
        lines.append("")
    for title, attr in (("Cases per call", "call"), ("Cases per tag", "tag")):
        lines += [f"## {title}", "", "| | cases |", "|---|---|"]
        lines += [f"| {k} | {n} |" for k, n in counts(cases, attr)] + [""]
    return "\n".join(lines), (covered, explained, len(entries))

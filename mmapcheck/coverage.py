"""Coverage of the documentation: every ERRORS and signal entry of the Linux
man pages, with the cases whose `Covers:` line names it, or the reason in
cases/UNCHECKABLE why no case can check it on this kind of machine.

The entries are read from the pages' groff source at run time: the pages
installed here and, beside them, the newest man-pages release in Debian
(manpages, fetched and cached), so each entry shows the releases it is in and
one only in the newer release is marked so.  Interfaces only the kernel
documents (mseal(), MAP_DROPPABLE, ...) are entries of cases/DOCUMENTED, read
the same way (documented).  A `Covers:` key is
`<page>(<section>) <NAME> ["phrase"]`: the page the entry is on (an interface
of cases/DOCUMENTED with section `kernel`), its errno or signal name, and a few
words of its text where the page has several entries of that name.
"""

import os
import re
import sys
from pathlib import Path

from . import CASES_DIR, REPORTS_DIR, ROOT, UsageError
from . import manpages
from .documented import KEY, load_documented, load_unchecked, normal
from .escape import md_cell
from .safe_write import write_file
from .groff import MAN_DIRS, Entry, errors_entries, find_page, release_of  # noqa: F401 (API)


class Page:
    """A page coverage reads.  select: (NAME, words) pairs picking out the
    entries that concern mappings on a page mostly about other things (None:
    every entry); newer: the page is in newer releases only (not in bookworm's
    6.03), so a system without it is no error."""

    def __init__(self, name, section, select=None, newer=False):
        self.name, self.section, self.select, self.newer = name, section, select, newer

    @property
    def label(self):
        return f"{self.name}({self.section})"

    def wanted(self, entry):
        return self.select is None or any(
            entry.name == name and normal(words) in normal(entry.text) for name, words in self.select)


# The pages of the calls the suite is about; munmap, pkey_mprotect, mlock2,
# munlock, mlockall, munlockall, pkey_free and shm_unlink are documented on these.
PAGES = (Page("mmap", "2"), Page("mprotect", "2"), Page("msync", "2"), Page("madvise", "2"),
         Page("mremap", "2"), Page("mlock", "2"), Page("mincore", "2"), Page("posix_madvise", "3"),
         Page("memfd_create", "2"), Page("memfd_secret", "2"), Page("process_madvise", "2"),
         Page("pkey_alloc", "2"), Page("shm_open", "3"),
         Page("remap_file_pages", "2"), Page("cachestat", "2", newer=True),
         # fcntl(2): only file sealing (the seals memfd mappings obey) and the
         # one entry about a mapped file; locks, leases, pipes, signals and
         # F_DUPFD are not about memory mappings.  man-pages 6.10 moved the
         # sealing entries to their own page, F_ADD_SEALS(2const).
         Page("fcntl", "2", select=(("EBUSY", "F_SEAL_WRITE"), ("EINVAL", "sealing"),
                                    ("EPERM", "F_ADD_SEALS"), ("EAGAIN", "memory-mapped"))),
         Page("F_ADD_SEALS", "2const", newer=True),
         # ftruncate(2): what resizing the object behind a mapping through its
         # descriptor can meet: a seal, an object that cannot be resized (neither
         # a regular file nor a POSIX shared memory object), a descriptor not open
         # for writing, a bad length.  The path entries are truncate()'s, and
         # EIO, EINTR, ENOSPC, EFBIG and ETXTBSY are about the file, not mappings.
         Page("ftruncate", "2", select=(("EPERM", "file seal"), ("EINVAL", "POSIX shared memory object"),
                                        ("EBADF", "not open for writing"),
                                        ("EINVAL", "not open for writing"), ("EINVAL", "negative"))))
# A key may name a page by another name of the same page (a link to it in man-pages).
ALIASES = {("F_GET_SEALS", "2const"): ("F_ADD_SEALS", "2const"), ("pkey_free", "2"): ("pkey_alloc", "2"),
           ("pkey_mprotect", "2"): ("mprotect", "2"), ("munmap", "2"): ("mmap", "2"),
           ("shm_unlink", "3"): ("shm_open", "3"), ("mlock2", "2"): ("mlock", "2"),
           ("munlock", "2"): ("mlock", "2"), ("mlockall", "2"): ("mlock", "2"), ("munlockall", "2"): ("mlock", "2")}
KERNEL = "kernel docs"     # the release of cases/DOCUMENTED's entries


# ---------------------------------------------------------------- pages


def read_release(pages, dirs, default):
    """(entries, labels of the pages not found) of the pages in dirs; each entry
    carries the release its page names."""
    entries, missing = [], []
    for page in pages:
        source = find_page(page.name, page.section, dirs)
        if source is None:
            missing.append(page)
            continue
        release = release_of(source, default)
        for e in errors_entries(page.name, page.section, source):
            if page.wanted(e):
                e.releases = [release]
                entries.append(e)
    return entries, missing


def load_entries(pages=PAGES, dirs=None, newest_dir=None):
    """Every entry of the pages installed in dirs and, when given, of the newest
    release in newest_dir, merged: an entry of the same page, name and text is
    one entry of both releases.  LookupError names the pages installed
    nowhere (except those only newer releases have)."""
    entries, missing = read_release(pages, dirs or installed_dirs(), "installed")
    if newest_dir is not None:
        newer, newer_missing = read_release(pages, (str(newest_dir),), "newest")
        entries = merge(entries, newer)
        missing = [p for p in missing if p in newer_missing]
    missing = [p for p in missing if not p.newer]
    if missing:
        raise LookupError(", ".join(p.label for p in missing))
    return entries


def merge(older, newer):
    """older's entries, each also of newer's release where newer has the same
    entry (page, name and text), then newer's entries older does not have."""
    merged, matched = list(older), set()
    for e in newer:
        same = next((o for o in older if id(o) not in matched and (o.page, o.section, o.name, normal(o.text))
                     == (e.page, e.section, e.name, normal(e.text))), None)
        if same:
            matched.add(id(same))
            same.releases += [r for r in e.releases if r not in same.releases]
        else:
            merged.append(e)
    return merged


def installed_dirs():
    """Where the installed pages are: $MMAPCHECK_MANDIR first when set."""
    return tuple(filter(None, (os.environ.get("MMAPCHECK_MANDIR"),))) + MAN_DIRS


def documented_entries(path):
    """cases/DOCUMENTED's entries, of the release KERNEL."""
    return [Entry(page, "kernel", name, text, [KERNEL], source)
            for page, name, text, source, _ in load_documented(path)]


# ---------------------------------------------------------------- keys


def words_match(phrase, text):
    """phrase as whole words of text (an identifier's part is no word: "mprotect" is not in "pkey_mprotect")."""
    return re.search(r"(?<![\w-])" + re.escape(normal(phrase)) + r"(?![\w-])", normal(text)) is not None


def resolve(key, entries, pages=PAGES, unread=()):
    """The entries a key names: in each release, the one entry of that page and
    name whose text holds the phrase (a phrase found in several picks the one
    that has it as whole words), so an entry a newer release reworded is named
    in both.  A string says why there is none; None: the key names a page in
    unread (not read here: the newest release could not be fetched)."""
    m = KEY.match(key.strip())
    if not m:
        return 'not of the form <page>(<section>) <NAME> ["phrase"]'
    page = ALIASES.get((m["page"], m["section"]), (m["page"], m["section"]))
    known = {(p.name, p.section) for p in pages} | {(e.page, e.section) for e in entries if e.section == "kernel"}
    if page not in known:
        return (f"{m['page']}({m['section']}) is not one of the pages covered: "
                + ", ".join(p.label for p in pages) + " and the interfaces of cases/DOCUMENTED")
    named = [e for e in entries if (e.page, e.section, e.name) == page + (m["name"],)]
    if m["phrase"]:
        named = [e for e in named if normal(m["phrase"]) in normal(e.text)]
    found = []
    for release in sorted({r for e in named for r in e.releases}):
        here = [e for e in named if release in e.releases]
        if len(here) > 1 and m["phrase"]:
            here = [e for e in here if words_match(m["phrase"], e.text)] or here
        if len(here) > 1:
            return f"matches {len(here)} entries of {release}: add a phrase that picks one out"
        found += [e for e in here if e not in found]
    if found:
        return found
    if page in unread:
        return None
    return "matches no entry of the pages read"


def assess(cases, unchecked, entries, pages=PAGES, unread=(), unresolved=None):
    """Attaches cases and reasons to the entries; returns the problems found.
    A key that names no entry of a page whose newest release was not read
    (unread) is no problem, as the entry may be new there: it is appended to
    unresolved (when given) for the report to show."""
    problems = []
    keys = [(f"{case.path}: Covers: {key}", key, case.id, None) for case in cases for key in case.covers]
    keys += [(f"{where}: {key}", key, None, reason) for key, reason, where in unchecked]
    for where, key, case_id, reason in keys:
        found = resolve(key, entries, pages, unread)
        if isinstance(found, str):
            problems.append(f"{where}: {found}")
        elif found is None:
            if unresolved is not None:
                unresolved.append(f"{where}: in no page read here (the newest release was not)")
        else:
            for e in found:
                if case_id:
                    e.cases.append(case_id)
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


def release_cell(e, newest):
    """Which releases an entry is in; one only in the newest, or gone from it, marked so."""
    text = ", ".join(e.releases)
    if newest and e.releases == [newest]:
        return f"**only in {newest}**"
    if newest and newest not in e.releases and e.section != "kernel":
        return f"{text} (*not in {newest}*)"
    return text


def state(e):
    return "covered" if e.cases else "explained" if e.reason else "neither"


def page_table(entries, order):
    """| page | release | entries | covered | explained | neither |, a row per page and release."""
    lines = ["| page | release | entries | covered | explained | neither |", "|---|---|---|---|---|---|"]
    for page in order:
        of_page = [e for e in entries if (e.page, e.section) == page]
        for release in sorted({r for e in of_page for r in e.releases}):
            here = [state(e) for e in of_page if release in e.releases]
            lines.append(f"| {md_cell(f'{page[0]}({page[1]})')} | {md_cell(release)} | {len(here)} | "
                         + " | ".join(str(here.count(s)) for s in ("covered", "explained", "neither")) + " |")
    return lines


def report(cases, entries, problems, newest=None, notes=()):
    """The Markdown report; the totals line is (covered, explained, total).
    newest: the label of the newest release read, whose new entries are marked."""
    covered = sum(1 for e in entries if e.cases)
    explained = sum(1 for e in entries if not e.cases and e.reason)
    if not {r for e in entries for r in e.releases} - {newest, KERNEL}:
        newest = None   # the installed pages are the newest release: nothing is newer than they are
    order = list(dict.fromkeys((e.page, e.section) for e in entries))
    releases = sorted({r for e in entries for r in e.releases})
    lines = ["# mmapcheck: coverage of the documented ERRORS and signal entries", "",
             f"{len(cases)} cases. Entries: {covered} covered by a case, {explained} explained, "
             f"{len(entries) - covered - explained} neither, of {len(entries)} "
             f"(releases read: {md_cell(', '.join(releases))}; pages: "
             f"{md_cell(', '.join(f'{p}({s})' for p, s in order))}).", ""]
    for release in releases:
        here = [state(e) for e in entries if release in e.releases]
        lines.append(f"- {md_cell(release)}: {here.count('covered')} covered, {here.count('explained')} "
                     f"explained, {here.count('neither')} neither, of {len(here)}")
    lines += [""] + [f"*{md_cell(n)}*" for n in notes] + ([""] if notes else [])
    if problems:
        lines += ["## Problems", ""] + [f"- {md_cell(p)}" for p in problems] + [""]
    lines += ["## Entries per page and release", ""] + page_table(entries, order) + [""]
    for page, section in order:
        lines += [f"## {md_cell(page)}({md_cell(section)})", "",
                  "| entry | text | release | checked by |", "|---|---|---|---|"]
        for e in (e for e in entries if (e.page, e.section) == (page, section)):
            text = e.text if len(e.text) <= 160 else e.text[:157] + "..."
            if e.source:
                text += f" (source: {e.source})"
            how = "; ".join(filter(None, [", ".join(f"`{c}`" for c in e.cases),
                                          e.reason and f"*not checkable here:* {md_cell(e.reason)}"]))
            how = how or "**NOT COVERED**"
            lines.append(f"| {md_cell(e.name)} | {md_cell(text)} | {release_cell(e, newest)} | {how} |")
        lines.append("")
    for title, attr in (("Cases per call", "call"), ("Cases per tag", "tag")):
        lines += [f"## {title}", "", "| | cases |", "|---|---|"]
        lines += [f"| {k} | {n} |" for k, n in counts(cases, attr)] + [""]
    return "\n".join(lines), (covered, explained, len(entries))


# ---------------------------------------------------------------- the command


def main(cases, output=None, offline=False):
    """runner.py coverage: prints what is neither covered nor explained and the
    problems, writes the report; exit status 1 on either, UsageError (exit 2)
    on bad data.  The newest release is fetched (at most daily, else cached);
    without it the installed pages are reported, after one line saying why."""
    try:
        newest = manpages.newest([(p.name, p.section) for p in PAGES], offline=offline)
        note = newest.note
    except UsageError as e:
        newest, note = None, (f"could not fetch the newest man-pages ({manpages.SUITE}'s {manpages.PACKAGE}): "
                              f"{e}; reporting the installed pages")
    if note:
        print(f"coverage: {note}", file=sys.stderr)
    try:
        entries = load_entries(PAGES, None, newest and newest.mandir)
        entries += documented_entries(CASES_DIR / "DOCUMENTED")
        unchecked = load_unchecked(CASES_DIR / "UNCHECKABLE")
    except LookupError as e:
        raise UsageError(f"man pages not installed: {e} (Debian: apt-get install manpages-dev)")
    except (ValueError, OSError) as e:
        raise UsageError(str(e))
    newest_label = newest and release_of(find_page("mmap", "2", (str(newest.mandir),)) or "", newest.version)
    unread = set() if newest else {(p.name, p.section) for p in PAGES}
    unresolved = []
    problems = assess(cases, unchecked, entries, PAGES, unread, unresolved)
    text, (covered, explained, total) = report(cases, entries, problems, newest_label,
                                               ([note] if note else []) + unresolved)
    out = Path(output) if output else REPORTS_DIR / "coverage.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    write_file(out, text)
    for e in entries:
        if not e.cases and not e.reason:
            print(f"NOT COVERED  {e.label} [{', '.join(e.releases)}]: {e.text[:100]}")
    for p in problems:
        print(f"PROBLEM      {p}")
    for u in unresolved:
        print(f"UNCHECKED    {u}")
    releases = sorted({r for e in entries for r in e.releases})
    print(f"{len(cases)} cases; documented entries ({', '.join(releases)}): {covered} covered, "
          f"{explained} explained, {total - covered - explained} neither, of {total}")
    print(f"report: {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")
    return 1 if problems or covered + explained < total else 0

"""A man page's groff source, read: where the page is (`.so` links followed),
the man-pages release its .TH line names, and the tagged paragraphs of its
ERRORS section (errno and signal entries) as plain text."""

import gzip
import re
from pathlib import Path

MAN_DIRS = ("/usr/share/man", "/usr/local/share/man")


class Entry:
    def __init__(self, page, section, name, text, releases=(), source=None):
        self.page, self.section, self.name, self.text = page, section, name, text
        self.releases, self.source = list(releases), source
        self.cases, self.reason = [], None

    @property
    def label(self):
        return f"{self.page}({self.section}) {self.name}"


def find_page(name, section="2", dirs=MAN_DIRS):
    """The groff source of page name(section), following `.so` links; None if absent."""
    for d in dirs:
        for suffix in (f".{section}.gz", f".{section}"):
            path = Path(d, f"man{section[0]}", name + suffix)
            if path.is_file():
                raw = path.read_bytes()
                text = (gzip.decompress(raw) if suffix.endswith(".gz") else raw).decode(errors="replace")
                link = re.match(r"^\.so\s+man\d/(\S+)\.(\d\w*)\s*$", text.strip())
                return find_page(link.group(1), link.group(2), dirs) if link else text
    return None


def release_of(source, default):
    """The man-pages release a page's .TH line names ("6.03"), else default."""
    m = re.search(r'^\.TH\s.*man-pages[ -]?(\d+\.\d+(?:\.\d+)?)', source, re.M)
    return m.group(1) if m else default


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

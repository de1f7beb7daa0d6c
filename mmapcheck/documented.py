"""The two reviewed data files beside the cases, read strictly:

    cases/UNCHECKABLE   entries no case can provoke here, each with its reason
    cases/DOCUMENTED    entries of interfaces the kernel documents and man-pages
                        does not (yet): mseal(), MAP_DROPPABLE, MFD_NOEXEC_SEAL, ...

Both are repository data that a careless edit or a merge can break, so a
malformed line is a ValueError naming file:line (runner.py prints it as one
line and exits 2), and reading is bounded in size.
"""

import re
from pathlib import Path

MAX_BYTES = 1 << 20
# <page>(<section>) <NAME> ["phrase"]: section 2, 3, 2const (man-pages 6.10 on), or kernel.
KEY = re.compile(r'^(?P<page>[A-Za-z_][A-Za-z_0-9]*)\((?P<section>\d[a-z]*|kernel)\)\s+'
                 r'(?P<name>[A-Z][A-Z0-9_]*)(?:\s+"(?P<phrase>[^"]+)")?$')
# Where the kernel documents it: a path in the kernel tree, or a commit, then the quoted words.
SOURCE = re.compile(r'^(?:(?:Documentation|arch|mm|include|fs|kernel)/[\w./-]+(?: [\w()]+)?'
                    r'|commit [0-9a-f]{12,40})(?:;? "[^"]+")+$')


def read_lines(path):
    raw = Path(path).read_bytes()[:MAX_BYTES + 1]
    if len(raw) > MAX_BYTES:
        raise ValueError(f"{path}: larger than {MAX_BYTES} bytes")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise ValueError(f"{path}: not UTF-8 (byte {e.start})")
    for n, line in enumerate(text.splitlines(), 1):
        if not line.replace("\t", " ").isprintable():
            raise ValueError(f"{path}:{n}: holds a control character")
        yield n, line


def stanzas(path, fields):
    """[(key, {field: value}, 'file:line')] of a file of stanzas:

        <key>:
            <field>: <value>      (each of fields, in that order, once)
    """
    items, key, where, values = [], None, None, {}

    def close():
        missing = [f for f in fields if f not in values]
        if missing:
            raise ValueError(f"{where}: '{key}' has no {missing[0]}: line")
        items.append((key, dict(values), where))

    for n, line in read_lines(path):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            if key is not None:
                close()
            if not line.rstrip().endswith(":"):
                raise ValueError(f"{path}:{n}: expected '<page>(<section>) <NAME> [\"phrase\"]:'")
            key, where, values = line.rstrip()[:-1], f"{path}:{n}", {}
            continue
        field, sep, value = line.strip().partition(":")
        done = len([f for f in values if not f.endswith("@")])
        expected = fields[done] if key is not None and done < len(fields) else None
        if not sep or field != expected:
            want = f"an indented '{expected}: ...' line" if expected else "a new entry (no indentation)"
            raise ValueError(f"{path}:{n}: expected {want}")
        if not value.strip():
            raise ValueError(f"{path}:{n}: '{field}:' is empty")
        values[field] = value.strip()
        values[field + "@"] = f"{path}:{n}"   # where the field is, for a message about it
    if key is not None:
        close()
    return items


def load_unchecked(path):
    """cases/UNCHECKABLE: [(key, reason, 'file:line')]; malformed -> ValueError."""
    return [(key, v["reason"], where) for key, v, where in stanzas(path, ("reason",))]


def load_documented(path):
    """cases/DOCUMENTED: [(page, name, text, source, 'file:line')], each key of
    section `kernel`, its phrase (if any) words of its text, its source a
    kernel path or commit with quoted words; malformed -> ValueError."""
    items, seen = [], {}
    for key, v, where in stanzas(path, ("source", "text")):
        m = KEY.match(key)
        if not m or m["section"] != "kernel":
            raise ValueError(f"{where}: expected '<interface>(kernel) <NAME> [\"phrase\"]:'")
        if not SOURCE.match(v["source"]):
            raise ValueError(f"{v['source@']}: source: expected a kernel path (Documentation/..., mm/...) "
                             "or 'commit <hash>', then the quoted words")
        if m["phrase"] and normal(m["phrase"]) not in normal(v["text"]):
            raise ValueError(f"{v['text@']}: the phrase \"{m['phrase']}\" of {where} is not in its text")
        if key in seen:
            raise ValueError(f"{where}: '{key}' is already at {seen[key]}")
        seen[key] = where
        items.append((m["page"], m["name"], v["text"], v["source"], where))
    return items


def normal(text):
    return " ".join(text.lower().split())

"""Text from elsewhere (a case's output, a log, a report's summary.json) made
safe for where it is written: a Markdown table cell, XML, JSON, a terminal.
(compare.html escapes for HTML itself, with html.escape.)  Nothing here
fails on any input: what cannot be written is shown by its code point."""

import json
import math
import re

# A line break ends a Markdown table row: these (and tab) become a space there.
LINE_BREAKS = re.compile("\r\n|[\r\n\t\v\f\x85\u2028\u2029]")
# Characters that show nothing or reorder what follows: C0 controls but tab
# and line ends, DEL, C1 controls, bidirectional overrides, byte-order mark,
# noncharacters, lone surrogates.
INVISIBLE_CHARS = ("\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069"
                   "\ufeff\ufffe\uffff\ud800-\udfff")
INVISIBLE = re.compile(f"[{INVISIBLE_CHARS}]")
# On a terminal a CR also hides what came before it on the line.
TERMINAL_HIDDEN = re.compile(f"[\r{INVISIBLE_CHARS}]")
# What XML 1.0 allows in a document (its production Char); everything else is
# not well-formed, even as a character reference.
XML_FORBIDDEN = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# In XML too (a CI dashboard shows junit.xml's text) what reorders or hides
# text is shown by its code point.
XML_SHOWN = re.compile(f"{XML_FORBIDDEN.pattern}|[{INVISIBLE_CHARS}]")
# A case id or a target name as it normally is: shown as code.  Anything else
# would end or break the code span, where Markdown escapes do not work.
PLAIN_NAME = re.compile(r"[A-Za-z0-9_.,:/+=@-]+")


def code_point(match):
    c = ord(match.group())
    return f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}"


def md_cell(text):
    """One Markdown table cell: one line, no cell separator, no raw HTML."""
    text = INVISIBLE.sub(code_point, LINE_BREAKS.sub(" ", str(text)))
    # The backslash first: a backslash of the data must not escape our "\|".
    text = text.replace("\\", "\\\\").replace("|", "\\|")
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def md_code(text):
    """A name as code in a Markdown table cell, or as escaped text when it is
    not a plain name."""
    text = str(text)
    return f"`{text}`" if PLAIN_NAME.fullmatch(text) else md_cell(text)


def terminal_text(text):
    """For a terminal and pytest's report: an escape sequence, a CR or a bidi
    override of a case's output shown by its code point, not acted on."""
    return TERMINAL_HIDDEN.sub(code_point, str(text))


def xml_text(text):
    """Text or an attribute value for XML 1.0: forbidden characters (an ESC of a
    coloured log, a NUL) and the invisible ones (a bidi override) shown by their
    code point.  ElementTree escapes the rest."""
    return XML_SHOWN.sub(code_point, str(text))


def finite(value):
    """The data with every NaN or infinity (a log's time=nan or time=1e999) made
    null: JSON has no such numbers."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [finite(v) for v in value]
    return value


def json_text(value):
    """Strict JSON (RFC 8259): no NaN or Infinity, every non-ASCII character escaped."""
    return json.dumps(finite(value), indent=2, allow_nan=False) + "\n"

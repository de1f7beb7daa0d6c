"""What a Markdown table or an HTML page holds as a renderer reads it: for
the tests that check that data from elsewhere stays text in our outputs."""

import html.parser


def markdown_tables(text):
    """Each Markdown table, as rows of cells split as GitHub's tables split
    them: a backslash escapes the next character, an unescaped | separates.
    Lines end where any renderer may end them (str.splitlines: CR too)."""
    tables, current = [], None
    for line in text.splitlines():
        if not line.startswith("|"):
            current = None
            continue
        cells, cell, i = [], "", 1
        while i < len(line):
            if line[i] == "\\" and i + 1 < len(line):
                cell, i = cell + line[i:i + 2], i + 2
                continue
            if line[i] == "|":
                cells.append(cell)
                cell = ""
            else:
                cell += line[i]
            i += 1
        if current is None:
            current = []
            tables.append(current)
        current.append(cells)
    return tables


def assert_tables_whole(text):
    """Every row of every table has its header's number of cells; no raw
    HTML outside code spans.  Returns the tables."""
    tables = markdown_tables(text)
    for table in tables:
        assert {len(row) for row in table} == {len(table[0])}, table
    assert "<" not in "".join(text.split("`")[::2])
    return tables


class Elements(html.parser.HTMLParser):
    """Every element of a page (or of Chromium's DOM of it): tag and attributes."""

    def __init__(self, text):
        super().__init__()
        self.elements = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

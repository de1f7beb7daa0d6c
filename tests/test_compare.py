"""runner.py compare: captured reports of two platforms (trimmed to 8 cases:
native Linux 6.18 and gVisor) and a cut of expected/freebsd, side by side in
compare.md and compare.html; the page checked in a real headless Chromium."""

import html.parser
import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from mmapcheck import ROOT
from mmapcheck.cases import Case
from mmapcheck.compare import (Cell, Column, build_rows, compare, differences, documented_column,
                               load_report, markdown)
from mmapcheck.compare_html import html_page
from markup import Elements, assert_tables_whole

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "compare"
NATIVE, GVISOR = FIXTURES / "native", FIXTURES / "gvisor"
# The native report with markup, quotes, cell separators, CRs and control
# characters in every field a report gives, each script payload setting
# data-pwned<N> on the root element: 'pass"><img src=x onerror="...">' as a verdict.
HOSTILE = FIXTURES / "hostile"
REQUIRES_LINUX = {"madvise/cold-keeps-anon-data", "madvise/dontneed-private-anon-not-resident"}
CHROMIUM = shutil.which("chromium")


def fixture_cases():
    records = json.loads((NATIVE / "summary.json").read_text())["cases"]
    return [Case(r["id"], ROOT / "cases" / f"{r['id']}.c", r["claim"], r["sources"], r["tags"],
                 ["linux"] if r["id"] in REQUIRES_LINUX else []) for r in records]


def write_pages(out, reports=(NATIVE, GVISOR), cases=None):
    return compare(list(reports), ["freebsd"], out, cases or fixture_cases(),
                   expected_dir=FIXTURES / "expected")


class Page(html.parser.HTMLParser):
    """The case rows of compare.html (or of Chromium's DOM of it): for each
    row its attributes and its cells' classes and text; each call group's
    hidden state; the text of <output>."""

    def __init__(self, text):
        super().__init__()
        self.rows, self.groups, self.output, self.scripts = {}, {}, "", 0
        self.row = self.cell = None
        self.in_output = False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script":
            self.scripts += 1
        if tag == "tbody" and "call" in (a.get("class") or ""):
            self.groups[a["data-call"]] = "hidden" in a
        if tag == "tr" and "case" in (a.get("class") or "").split():
            self.row = self.rows[a["id"]] = {"attrs": a, "cells": []}
        if tag == "td" and self.row is not None:
            self.cell = {"class": a.get("class"), "title": a.get("title"), "text": ""}
            self.row["cells"].append(self.cell)
        if tag == "output":
            self.in_output = True

    def handle_endtag(self, tag):
        if tag == "td":
            self.cell = None
        if tag == "tr":
            self.row = None
        if tag == "output":
            self.in_output = False

    def handle_data(self, data):
        if self.cell is not None:
            self.cell["text"] += data
        if self.in_output:
            self.output += data

    def visible(self):
        return sorted(cid for cid, r in self.rows.items() if "hidden" not in r["attrs"])


def test_rows_say_how_the_platforms_differ(tmp_path):
    _, _, columns, rows = write_pages(tmp_path)
    assert [c.id for c in columns] == ["linux-6.18.44-fc-v669-x86_64",
                                       "gvisor-4.4.0-x86_64-runsc-20221219.0", "freebsd-documented"]
    by_id = {r.id: r for r in rows}
    assert {cid: r.differs for cid, r in by_id.items()} == {
        "madvise/cold-keeps-anon-data": "outcome",                # pass / xfail (EINVAL)
        "madvise/dontneed-private-anon-not-resident": "skip",     # pass / skip
        "memfd/write-seal-mprotect-shared-write-eacces": "outcome",  # pass / error
        "mmap/len-zero-einval": "",                               # pass / pass / documented pass
        "mmap/offset-unaligned-einval": "outcome",                # pass / pass / documented fail
        "mprotect/exec-removed-execution-sigsegv": "observed",    # SEGV_ACCERR / SEGV_MAPERR; unknown
        "msync/sync-and-async-together-einval": "outcome",
        "munmap/addr-unaligned-einval": "",                       # not in gVisor's report; unaccounted
    }
    assert by_id["mprotect/exec-removed-execution-sigsegv"].differing_keys == {"code"}
    assert by_id["madvise/cold-keeps-anon-data"].differing_keys == {"errno"}
    assert [r.call for r in rows][:3] == ["mmap", "mmap", "munmap"]  # the man pages' order
    assert [c.label for c in by_id["munmap/addr-unaligned-einval"].cells] == ["pass", "absent",
                                                                              "unaccounted"]


def test_cells_without_an_outcome_never_make_a_row_differ():
    pass_ = Cell("pass", outcome="pass", observed={"errno": "EINVAL"})
    for quiet in (Cell("notrun"), Cell("absent"), Cell("unknown", True), Cell("unaccounted", True)):
        assert differences([pass_, quiet]) == ("", frozenset())
    assert differences([pass_, Cell("skip", True, "skip")])[0] == "skip"
    assert differences([pass_, Cell("fail", True, "fail"), Cell("skip", outcome="skip")])[0] == "outcome"
    xfail = Cell("xfail", outcome="fail", observed={"errno": "0"})
    assert differences([pass_, xfail]) == ("outcome", frozenset({"errno"}))


def test_markdown_has_the_platforms_and_one_table_per_call_differing_rows_first(tmp_path):
    md_path, *_ = write_pages(tmp_path)
    md = md_path.read_text()
    assert ("| gVisor: Linux 4.4.0 | gvisor-4.4.0-x86_64-runsc-20221219.0 | observed | Linux | 4.4.0 | x86_64 | 4096 "
            "| 2 xfail, 1 skip, 4 pass |") in md
    assert "| FreeBSD (documented) | freebsd-documented | documented, not observed | FreeBSD |" in md
    assert ("| case | differs | Linux 6.18.44-fc-v669 | gVisor: Linux 4.4.0 | FreeBSD (documented) |"
            in md)
    assert "| 1 pass, 2 fail, 2 skip, 1 unknown, 2 unaccounted |" in md
    assert ("| `madvise/cold-keeps-anon-data` | ≠ outcome | **pass** errno=0 changed_bytes=0 "
            "| **xfail** errno=EINVAL changed_bytes=0 | *doc skip* |") in md
    assert ("| `mprotect/exec-removed-execution-sigsegv` | ≠ values | **pass** signal=SIGSEGV "
            "code=SEGV_ACCERR | **pass** signal=SIGSEGV code=SEGV_MAPERR | *doc unknown* |") in md
    assert "| `munmap/addr-unaligned-einval` |  | **pass** errno=EINVAL | — | *unaccounted* |" in md
    madvise = md[md.index("## madvise"):md.index("## memfd")]
    assert madvise.index("cold-keeps-anon-data") < madvise.index("dontneed-private-anon")
    assert "8 cases: outcomes differ in 4, skipped on some platforms in 1, other values only in 1" in md


def test_html_cells_carry_the_verdict_class_and_the_observations(tmp_path):
    _, html_path, *_ = write_pages(tmp_path)
    text = html_path.read_text()
    page = Page(text)
    assert len(page.rows) == 8
    cold = page.rows["madvise/cold-keeps-anon-data"]
    assert cold["attrs"]["data-differs"] == "outcome" and "extension" in cold["attrs"]["data-tags"].split()
    assert [c["class"] for c in cold["cells"]] == ["v-pass", "v-xfail", "d-skip"]
    assert cold["cells"][1]["text"] == "xfailerrno=EINVALchanged_bytes=0"
    assert cold["cells"][1]["title"].startswith("gVisor does not implement MADV_COLD")
    assert cold["cells"][2]["title"] == "Requires: linux (madvise/cold-keeps-anon-data.c header)"
    # the value that differs is marked, the one that does not is not
    assert '<span class="tok d">errno=<b>EINVAL</b></span>' in text
    assert '<span class="tok">changed_bytes=<b>0</b></span>' in text
    offset = page.rows["mmap/offset-unaligned-einval"]["cells"][2]
    assert offset["class"] == "d-fail" and offset["text"] == "doc fail"
    assert "kern_mmap() (pageoff)" in offset["title"]
    assert [c["class"] for c in page.rows["munmap/addr-unaligned-einval"]["cells"]] == [
        "v-pass", "absent", "unaccounted"]
    assert page.rows["mprotect/exec-removed-execution-sigsegv"]["cells"][2]["class"] == "d-unknown"
    memfd = page.rows["memfd/write-seal-mprotect-shared-write-eacces"]  # gVisor: an expected error
    assert [c["class"] for c in memfd["cells"]][:2] == ["v-pass", "v-xfail"]
    assert memfd["attrs"]["data-differs"] == "outcome"
    # a click on the row's <details> shows the row after it: the claim, its sources and
    # each platform's reason, said once for the columns that say the same
    assert '<details><summary title="After madvise(MADV_COLD) over' in text
    detail = text[text.index('<tr class="detail">', text.index('id="madvise/cold-keeps-anon-data"')):]
    detail = detail[:detail.index("</tr>")]
    assert '<p class="claim">After madvise(MADV_COLD) over' in detail
    assert "<li>Linux man-pages madvise(2), MADV_COLD:" in detail
    assert ('<span class="pill d-skip">documented skip</span> <b>FreeBSD</b>: Requires: linux'
            '<br><cite>madvise/cold-keeps-anon-data.c header</cite>') in detail
    gvisor = detail[detail.index('<span class="pill v-xfail">'):]
    assert gvisor.startswith('<span class="pill v-xfail">xfail</span> <b>gVisor: Linux 4.4.0</b>: gVisor does not')
    assert "<cite>" not in gvisor[:gvisor.index("</li>")]  # its reason carries the citation already
    # without JavaScript: every row shown, the filters hidden, a note says why
    assert all("hidden" not in r["attrs"] for r in page.rows.values())
    assert '<form id="filters" role="search" hidden>' in text and "<noscript>" in text


def test_the_page_is_self_contained(tmp_path):
    _, html_path, *_ = write_pages(tmp_path)
    text = html_path.read_text()
    for external in ("http://", "https://", "<link", " src=", "@import", "url("):
        assert external not in text
    assert text.count("<style>") == 1 and text.count("<script>") == 1


def test_everything_from_the_data_is_escaped(tmp_path):
    hostile = tmp_path / "hostile"
    hostile.mkdir()
    summary = json.loads((NATIVE / "summary.json").read_text())
    summary["platform"]["id"] = 'evil"><script>alert(1)</script>'
    summary["platform"]["release"] = "6.1 <b>|</b>"
    case = summary["cases"][0]
    case.update(verdict="fail", outcome="fail", reason="it said 'no' & <i>\"yes\"</i>",
                observed={"errno": "<img src=x onerror=alert(2)>"})
    (hostile / "summary.json").write_text(json.dumps(summary))
    cases = fixture_cases()
    cases[0].claim = "mmap() with <MAP_X> & \"quotes\" </details></td>"
    md_path, html_path, *_ = write_pages(tmp_path / "out", reports=[hostile], cases=cases)
    text = html_path.read_text()
    page = Page(text)
    assert page.scripts == 1 and len(page.rows) == 8
    for raw in ("<script>alert(1)", "<img src=x", "<i>", "<MAP_X>", "</details></td>", "<b>|</b>"):
        assert raw not in text
    assert "mmap() with &lt;MAP_X&gt; &amp; &quot;quotes&quot; &lt;/details&gt;&lt;/td&gt;" in text
    assert 'title="it said &#x27;no&#x27; &amp; &lt;i&gt;&quot;yes&quot;&lt;/i&gt;"' in text
    assert "errno=<b>&lt;img src=x onerror=alert(2)&gt;</b>" in text
    md = md_path.read_text()
    assert "| 6.1 &lt;b&gt;\\|&lt;/b&gt; |" in md  # a table cell is not split by the data, nor holds HTML


def hostile_column():
    """The hostile report as a column, built without compare's loader (which may
    refuse parts of it): the writers must be safe whatever a loader lets through."""
    summary = json.loads((HOSTILE / "summary.json").read_text())
    cells = {c["id"]: Cell(c["verdict"], False, c["outcome"], c["observed"], c["reason"],
                           c["citation"] or "") for c in summary["cases"]}
    return Column("observed", summary["platform"], cells, summary["totals"], str(HOSTILE),
                  summary["target_problems"], {c["id"]: c for c in summary["cases"]})


def hostile_pages(tmp_path):
    """compare.md and compare.html of native, the hostile report and FreeBSD."""
    cases = fixture_cases()
    columns = [load_report(NATIVE), hostile_column(),
               documented_column("freebsd", cases, FIXTURES / "expected")]
    rows = build_rows(cases, columns)
    md, page = tmp_path / "compare.md", tmp_path / "compare.html"
    md.write_text(markdown(columns, rows))
    page.write_text(html_page(columns, rows))
    return md, page


PAGE_TAGS = {"html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "p", "table",
             "caption", "thead", "tbody", "tr", "th", "td", "code", "br", "small", "div", "ul", "li",
             "span", "b", "cite", "nav", "a", "noscript", "form", "label", "select", "option", "button",
             "output", "main", "details", "summary", "script"}
CELL_CLASSES = {"absent", "unaccounted", "unknown"} | {
    f"v-{v}" for v in ("pass", "fail", "xfail", "xpass", "error", "skip", "notrun")} | {
    f"d-{s}" for s in ("pass", "fail", "error", "skip", "unknown")}


def assert_nothing_injected(text):
    """Only the page's own elements, one script, no event handler, no
    javascript: address, cells classed by known states only."""
    elements = Elements(text).elements
    assert {tag for tag, _ in elements} <= PAGE_TAGS
    assert sum(tag == "script" for tag, _ in elements) == 1
    for tag, attrs in elements:
        assert not [name for name in attrs if name.startswith("on") or name.startswith("data-pwned")]
        assert not (attrs.get("href") or "").lower().startswith("javascript")
        if tag == "td" and "class" in attrs:  # a case's cell (not the platforms' or a detail row)
            assert attrs["class"] in CELL_CLASSES
    return elements


def test_hostile_report_data_is_text_in_compare_html_and_never_markup(tmp_path):
    _, page = hostile_pages(tmp_path)
    text = page.read_text()
    assert_nothing_injected(text)
    assert "pwned" in text  # the payloads are there, as text
    rows = Page(text).rows
    assert len(rows) == 10  # the eight cases, and the two only the hostile report has
    cold = rows["madvise/cold-keeps-anon-data"]["cells"][1]
    assert cold["class"] == "unknown"  # 'pass"><img ...' is no verdict, and is shown as text:
    assert cold["text"].startswith('pass"><img src=x onerror="document.documentElement.dataset.pwned7=1">')
    assert rows["madvise/dontneed-private-anon-not-resident"]["cells"][1]["class"] == "v-fail"
    assert "pass&quot;&gt;&lt;img src=x onerror=&quot;document.documentElement.dataset.pwned7=1&quot;&gt;" in text
    assert 'href="#call=%3Cimg%20src%3Dx%20onerror%3D' in text  # a call name in an address, encoded


def test_a_cell_class_is_a_known_state_or_unknown():
    from mmapcheck.compare_html import cell_class
    assert cell_class(Cell("xfail", outcome="fail")) == "v-xfail"
    assert cell_class(Cell("unknown", True)) == "d-unknown"
    for state in ('pass"><img src=x onerror=alert(1)>', "pass x", "unknown", "PASS", ""):
        assert cell_class(Cell(state)) == "unknown"
    assert cell_class(Cell("xfail", True)) == "unknown"  # not a documented state


def test_hostile_report_data_never_splits_or_adds_markdown_table_cells(tmp_path):
    md, _ = hostile_pages(tmp_path)
    text = md.read_text()
    tables = assert_tables_whole(text)
    # the columns, then one per call: mmap, munmap, mprotect, msync, madvise, memfd, and the
    # hostile one ("<img src=x onerror=...>/x")
    assert [len(t) for t in tables] == [5, 2 + 3, 2 + 1, 2 + 1, 2 + 1, 2 + 2, 2 + 1, 2 + 1]
    assert "\r" not in text
    hostile = tables[0][3]
    assert hostile[4] == " 6.1 \\| injected \\| cells \\| `x` \\| y \\| "  # CR LF: one space
    assert hostile[3] == " &lt;script&gt;document.documentElement.dataset.pwned2=1&lt;/script&gt; "
    assert hostile[7].endswith("; target problems: &lt;script&gt;document.documentElement.dataset.pwned17=1"
                               "&lt;/script&gt; \\| guest died ")
    mmap = {row[0]: row for row in tables[1][2:]}
    assert mmap[" mmap/evil\\|id with a CR "][2:] == [" — ", " **pass** ", " — "]
    assert "## &lt;img src=x onerror=document.documentElement.dataset.pwned15=1&gt;" in text


def test_a_symbolic_link_at_compare_md_or_html_is_refused_and_not_written_through(tmp_path):
    for name in ("compare.md", "compare.html"):
        out = tmp_path / name.replace(".", "-")
        out.mkdir()
        victim = tmp_path / f"victim-{name}"
        victim.write_text("precious\n")
        (out / name).symlink_to(victim)
        proc = run_cli(NATIVE, "--out", out)
        assert proc.returncode == 2
        assert proc.stderr == (f"runner.py: {out / name} is a symbolic link: not writing through it "
                               "nor replacing it (remove it, or write elsewhere)\n")
        assert victim.read_text() == "precious\n" and (out / name).is_symlink()
        assert [p.name for p in out.iterdir()] == [name]  # neither page written, no temp left


def test_the_command_replaces_previous_pages_whole(tmp_path):
    (tmp_path / "compare.md").write_text("old\n")
    os.link(tmp_path / "compare.md", tmp_path / "hard-link-to-old")
    proc = run_cli(NATIVE, "--out", tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "compare.md").read_text().startswith("# mmapcheck: platforms compared")
    assert (tmp_path / "hard-link-to-old").read_text() == "old\n"  # a new file, not the old one rewritten
    assert sorted(p.name for p in tmp_path.iterdir()) == ["compare.html", "compare.md", "hard-link-to-old"]
    mask = os.umask(0)
    os.umask(mask)
    assert (tmp_path / "compare.html").stat().st_mode & 0o777 == 0o666 & ~mask  # not the temp's 0600


def run_cli(*args):
    return subprocess.run([sys.executable, str(ROOT / "runner.py"), "compare", *map(str, args)],
                          capture_output=True, text=True, timeout=60)


def test_the_command_writes_both_files_with_every_case_of_the_suite(tmp_path):
    proc = run_cli(NATIVE, GVISOR, "--documented", "freebsd", "netbsd", "--out", tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[1:] == [f"report: {tmp_path}/compare.md",
                                            f"report: {tmp_path}/compare.html"]
    page = Page((tmp_path / "compare.html").read_text())
    from mmapcheck.cases import collect
    assert set(page.rows) == {c.id for c in collect()}  # the suite's cases, absent where not run
    assert page.rows["mmap/len-zero-einval"]["cells"][0]["class"] == "v-pass"
    assert page.rows["mmap/len-zero-einval"]["cells"][3]["class"] in ("d-pass", "unaccounted")


@pytest.mark.parametrize("make_input, message", [
    (lambda d: None, "no summary.json (not a report directory of `runner.py run` or `runner.py ingest`)"),
    (lambda d: (d / "summary.json").write_text("{not json"), "summary.json: not a summary.json of"),
    (lambda d: (d / "summary.json").write_text('{"cases": []}'), "(platform: missing or not an object)"),
])
def test_a_directory_that_is_not_a_report_is_one_line_and_exit_2(tmp_path, make_input, message):
    bad = tmp_path / "notareport"
    bad.mkdir()
    make_input(bad)
    proc = run_cli(NATIVE, bad, "--out", tmp_path / "out")
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"runner.py: {bad}") and message in proc.stderr
    assert len(proc.stderr.splitlines()) == 1
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("args, message", [
    (["--documented", "plan9"], "--documented plan9: not one of freebsd, netbsd, openbsd, darwin"),
    ([NATIVE, NATIVE], f"platform linux-6.18.44-fc-v669-x86_64 given twice ({NATIVE})"),
    ([], "compare needs at least one report directory or --documented OS"),
])
def test_bad_arguments_are_one_line_and_exit_2(tmp_path, args, message):
    proc = run_cli(*args, "--out", tmp_path / "out")
    assert proc.returncode == 2 and proc.stderr == f"runner.py: {message}\n"


# --- the page in a real browser -------------------------------------------------------------

needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed "
                                    "(Debian: apt-get install chromium)")


def chromium(tmp_path, *args):
    """Runs headless Chromium to its end; returns (stdout, the page's console
    lines).  Its own process group, killed whole after: no helper left behind."""
    cmd = [CHROMIUM, "--headless=new", "--disable-gpu", "--no-first-run", "--disable-extensions",
           "--disable-background-networking", "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}",
           "--enable-logging=stderr", "--v=0", *args]
    if os.geteuid() == 0:
        cmd.insert(1, "--no-sandbox")  # Chromium refuses to run as root with its sandbox
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            errors="replace", start_new_session=True)
    try:
        out, err = proc.communicate(timeout=90)
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait()
    assert proc.returncode == 0, err[-2000:]
    return out, [line for line in err.splitlines() if ":CONSOLE" in line]


def dom(tmp_path, url):
    out, console = chromium(tmp_path, "--dump-dom", url)
    return Page(out), console


@needs_chromium
def test_the_console_check_sees_a_script_error(tmp_path):
    broken = tmp_path / "broken.html"
    broken.write_text("<!DOCTYPE html><title>x</title><script>noSuchFunction();</script>")
    _, console = dom(tmp_path, broken.as_uri())
    assert len(console) == 1 and "Uncaught ReferenceError: noSuchFunction is not defined" in console[0]


@needs_chromium
def test_in_chromium_the_page_loads_without_console_messages_and_the_filters_work(tmp_path):
    _, html_path, *_ = write_pages(tmp_path)
    page, console = dom(tmp_path, html_path.as_uri() + "#differ=outcome")
    assert console == []
    assert page.visible() == ["madvise/cold-keeps-anon-data", "memfd/write-seal-mprotect-shared-write-eacces",
                              "mmap/offset-unaligned-einval", "msync/sync-and-async-together-einval"]
    assert page.output == "showing 4 of 8 cases"
    assert page.groups == {"mmap": False, "munmap": True, "mprotect": True, "msync": False,
                           "madvise": False, "memfd": False}

    page, _ = dom(tmp_path, html_path.as_uri() + "#call=madvise&differ=1")
    assert page.visible() == ["madvise/cold-keeps-anon-data", "madvise/dontneed-private-anon-not-resident"]

    page, _ = dom(tmp_path, html_path.as_uri() + "#tag=mprotect")  # a tag, not only a call
    assert page.visible() == ["memfd/write-seal-mprotect-shared-write-eacces",
                              "mprotect/exec-removed-execution-sigsegv"]


@needs_chromium
def test_in_chromium_a_hostile_report_runs_no_script_and_adds_no_element(tmp_path):
    _, page = hostile_pages(tmp_path)
    out, console = chromium(tmp_path, "--dump-dom", "--virtual-time-budget=2000", page.as_uri())
    assert console == []
    assert 'id="compare"' in out  # the page, as Chromium built it
    elements = assert_nothing_injected(out)
    root = next(attrs for tag, attrs in elements if tag == "html")
    assert root == {"lang": "en"}  # no data-pwned<N> set by a payload


@needs_chromium
def test_in_chromium_a_screenshot_is_written(tmp_path, capsys):
    _, html_path, *_ = write_pages(tmp_path)
    png = tmp_path / "compare.png"
    _, console = chromium(tmp_path, f"--screenshot={png}", "--window-size=1400,1000",
                          "--hide-scrollbars", html_path.as_uri())
    assert console == []  # unfiltered, too
    data = png.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 20_000
    with capsys.disabled():
        print(f"\ncompare.html screenshot: {png}")

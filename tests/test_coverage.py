"""The coverage of the man pages' ERRORS and signal entries: the groff parser
on a fixture page, the Covers:/UNCHECKABLE keys, and the real installed pages
against the real cases (an entry neither covered nor explained fails)."""

import subprocess
import sys
from pathlib import Path

import pytest

import mmapcheck
from mmapcheck import cases
from mmapcheck import coverage

FIXTURES = Path(__file__).parent / "fixtures" / "man"


@pytest.fixture
def entries():
    return coverage.load_entries(pages=(("mmap", "2"),), dirs=(str(FIXTURES),))


def test_entries_are_the_tagged_paragraphs_of_errors_including_signals_and_an_untagged_first(entries):
    assert [e.label for e in entries] == ["mmap(2) EAGAIN", "mmap(2) EINVAL", "mmap(2) EINVAL",
                                          "mmap(2) ENOMEM", "mmap(2) SIGBUS"]
    assert entries[1].text == "We don't like addr, length, or offset (e.g., they are too large)."
    assert entries[3].text == ("Possible causes are: • the area cannot be expanded in place; "
                               "• the limit would be exceeded.")
    assert entries[4].text == "Attempted access beyond the end of the file."


def test_a_so_link_reads_the_page_it_names():
    assert coverage.find_page("munmap", "2", (str(FIXTURES),)) == coverage.find_page("mmap", "2", (str(FIXTURES),))


def test_a_missing_page_is_named():
    with pytest.raises(LookupError, match=r"mremap\(2\)"):
        coverage.load_entries(pages=(("mmap", "2"), ("mremap", "2")), dirs=(str(FIXTURES),))


def test_a_key_names_one_entry_by_name_and_phrase(entries):
    assert coverage.resolve("mmap(2) SIGBUS", entries) is entries[4]
    assert coverage.resolve('mmap(2) EINVAL "LENGTH   was 0"', entries) is entries[2]
    assert "matches 2 entries" in coverage.resolve("mmap(2) EINVAL", entries)
    assert "matches no entry" in coverage.resolve('mmap(2) EINVAL "was 1"', entries)
    assert "matches no entry" in coverage.resolve("mmap(2) ENOTHERE", entries)
    assert "not of the form" in coverage.resolve("mmap EINVAL", entries)
    assert "not one of the pages" in coverage.resolve("mmap(3) EINVAL", entries)
    assert "not one of the pages" in coverage.resolve("fork(2) EAGAIN", entries)


def test_cases_and_reasons_attach_and_bad_keys_are_problems(entries, tmp_path):
    unchecked = tmp_path / "UNCHECKABLE"
    unchecked.write_text('# comment\nmmap(2) EAGAIN:\n    reason: cannot happen here\n'
                         'mmap(2) SIGBUS:\n    reason: one of its causes cannot happen here\n')
    case = cases.Case(id="mmap/x", path=Path("cases/mmap/x.c"),
                       covers=['mmap(2) EINVAL "was 0"', "mmap(2) SIGBUS", "mmap(2) EBOGUS"])
    problems = coverage.assess([case], coverage.load_unchecked(unchecked), entries)
    assert entries[2].cases == ["mmap/x"] and entries[4].cases == ["mmap/x"]
    assert entries[0].reason == "cannot happen here"
    assert len(problems) == 1
    assert "EBOGUS: matches no entry" in problems[0]
    text, totals = coverage.report([case], entries, problems)
    assert totals == (2, 1, 5)
    assert "| EINVAL | We don't like addr, length, or offset (e.g., they are too large). | **NOT COVERED** |" in text
    assert "| SIGBUS | Attempted access beyond the end of the file. | `mmap/x`; *not checkable here:* " \
           "one of its causes cannot happen here |" in text


@pytest.mark.parametrize("content, message", [
    ("mmap(2) EAGAIN:\n", "has no reason"),
    ("mmap(2) EAGAIN\n    reason: x\n", r"expected '<page>\(<section>\)"),
    ("mmap(2) EAGAIN:\n    why: x\n", "expected an indented 'reason:"),
])
def test_a_malformed_uncheckable_file_names_its_line(tmp_path, content, message):
    path = tmp_path / "UNCHECKABLE"
    path.write_text(content)
    with pytest.raises(ValueError, match=message):  # a regular expression
        coverage.load_unchecked(path)


def test_every_installed_entry_is_covered_by_a_case_or_explained(tmp_path):
    proc = subprocess.run([sys.executable, str(mmapcheck.ROOT / "runner.py"), "coverage",
                           "--output", str(tmp_path / "coverage.md")], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr
    assert "0 neither" in proc.stdout
    assert (tmp_path / "coverage.md").read_text().startswith("# mmapcheck: coverage")

"""The coverage of the documented ERRORS and signal entries: the groff parser
on fixture pages, two releases merged, cases/DOCUMENTED and cases/UNCHECKABLE
read strictly, the Covers: keys, the newest release fetched and cached (apt
replaced by a fake that hands over a package built here), and the real pages
against the real cases (an entry neither covered nor explained fails)."""

import gzip
import os
import subprocess
import sys
from pathlib import Path

import pytest

import mmapcheck
from mmapcheck import cases
from mmapcheck import coverage
from mmapcheck.coverage import Page

FIXTURES = Path(__file__).parent / "fixtures" / "man"
RELEASES = Path(__file__).parent / "fixtures" / "man-releases"


@pytest.fixture
def entries():
    return coverage.load_entries(pages=(Page("mmap", "2"),), dirs=(str(FIXTURES),))


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
        coverage.load_entries(pages=(Page("mmap", "2"), Page("mremap", "2")), dirs=(str(FIXTURES),))


def test_a_key_names_one_entry_by_name_and_phrase(entries):
    assert coverage.resolve("mmap(2) SIGBUS", entries) == [entries[4]]
    assert coverage.resolve('mmap(2) EINVAL "LENGTH   was 0"', entries) == [entries[2]]
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
    assert "| EINVAL | We don't like addr, length, or offset (e.g., they are too large). | installed " \
           "| **NOT COVERED** |" in text
    assert "| SIGBUS | Attempted access beyond the end of the file. | installed | `mmap/x`; *not checkable here:* " \
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


# ---------------------------------------------------------------- two releases

NEWER_PAGES = (Page("mmap", "2"), Page("fcntl", "2", select=(("EBUSY", "F_SEAL_WRITE"), ("EPERM", "F_ADD_SEALS"),
                                                            ("EAGAIN", "memory-mapped"))),
               Page("F_ADD_SEALS", "2const", newer=True))


@pytest.fixture
def releases():
    return coverage.load_entries(NEWER_PAGES, dirs=(str(RELEASES / "old"),), newest_dir=RELEASES / "new")


def test_each_entry_shows_the_releases_it_is_in(releases):
    table = [(e.label, e.releases) for e in releases]
    assert table == [
        ("mmap(2) EINVAL", ["6.03"]),            # reworded in 6.20: addr+len became addr+size
        ("mmap(2) EPERM", ["6.03", "6.20"]),
        ("mmap(2) ENOMEM", ["6.03", "6.20"]),    # the same words, broken across other lines
        ("fcntl(2) EAGAIN", ["6.03", "6.20"]),
        ("fcntl(2) EBUSY", ["6.03"]),            # moved to F_ADD_SEALS(2const) in 6.20
        ("fcntl(2) EPERM", ["6.03"]),
        ("mmap(2) EBUSY", ["6.20"]),
        ("mmap(2) EINVAL", ["6.20"]),
        ("F_ADD_SEALS(2const) EBUSY", ["6.20"]),   # read through .so to F_GET_SEALS.2const.gz
        ("F_ADD_SEALS(2const) EPERM", ["6.20"]),
    ]


def test_a_page_selection_keeps_only_the_entries_about_mappings(releases):
    assert "fcntl(2) EBADF" not in [e.label for e in releases]


def test_the_report_marks_entries_only_in_the_newer_release_and_those_it_dropped(releases):
    text, totals = coverage.report([], releases, [], newest="6.20")
    assert "| EBUSY | flags included MADV_GUARD_INSTALL (a new entry). | **only in 6.20** | **NOT COVERED** |" in text
    assert "| EINVAL | The result of the addition addr+len was less than addr. | 6.03 (*not in 6.20*) |" in text
    assert "| EPERM | The operation was prevented by a file seal; see fcntl(2). | 6.03, 6.20 |" in text
    assert "- 6.03: 0 covered, 0 explained, 6 neither, of 6" in text
    assert "- 6.20: 0 covered, 0 explained, 7 neither, of 7" in text
    assert "| F_ADD_SEALS(2const) | 6.20 | 2 | 0 | 0 | 2 |" in text
    assert totals == (0, 0, 10)


def test_where_the_installed_pages_are_the_newest_release_nothing_is_marked_new():
    same = coverage.load_entries(NEWER_PAGES[:1], dirs=(str(RELEASES / "new"),), newest_dir=RELEASES / "new")
    assert [e.releases for e in same] == [["6.20"]] * 4
    text, _ = coverage.report([], same, [], newest="6.20")
    assert "only in" not in text and "not in 6.20" not in text


def test_a_key_names_the_entry_in_every_release_that_words_it_so(releases):
    both = coverage.resolve('mmap(2) EINVAL "was less than addr"', releases)
    assert [(e.label, e.releases) for e in both] == [("mmap(2) EINVAL", ["6.03"]), ("mmap(2) EINVAL", ["6.20"])]
    assert [e.releases for e in coverage.resolve('mmap(2) EINVAL "addr+size"', releases)] == [["6.20"]]
    assert coverage.resolve("F_GET_SEALS(2const) EBUSY", releases, NEWER_PAGES) == \
        coverage.resolve("F_ADD_SEALS(2const) EBUSY", releases, NEWER_PAGES)   # one page, two names
    assert coverage.resolve("munmap(2) EPERM", releases, NEWER_PAGES) == coverage.resolve("mmap(2) EPERM", releases)


def test_a_page_only_newer_releases_have_may_be_missing_an_older_one_may_not():
    entries = coverage.load_entries(NEWER_PAGES, dirs=(str(RELEASES / "old"),))
    assert {e.page for e in entries} == {"mmap", "fcntl"}
    with pytest.raises(LookupError, match=r"^fcntl\(2\)$"):
        coverage.load_entries(NEWER_PAGES, dirs=(str(FIXTURES),))   # it has mmap.2 alone


def test_without_the_newest_release_a_key_it_may_hold_is_left_for_the_run_that_has_it():
    old = coverage.load_entries(NEWER_PAGES, dirs=(str(RELEASES / "old"),))
    unread = {(p.name, p.section) for p in NEWER_PAGES}
    case = cases.Case(id="mmap/x", path=Path("cases/mmap/x.c"),
                      covers=['mmap(2) EBUSY "MADV_GUARD_INSTALL"', "F_ADD_SEALS(2const) EPERM", "mmap(2) EPERM"])
    assert coverage.assess([case], [], old, NEWER_PAGES, unread) == []
    assert [e.label for e in old if e.cases] == ["mmap(2) EPERM"]
    # ... while a page that is no page of the report stays a problem (a typo cannot hide)
    typo = cases.Case(id="mmap/y", path=Path("cases/mmap/y.c"), covers=["mmapp(2) EPERM"])
    assert "is not one of the pages covered" in coverage.assess([typo], [], old, NEWER_PAGES, unread)[0]
    # ... and with both releases read, a key that matches nothing is one
    both = coverage.load_entries(NEWER_PAGES, dirs=(str(RELEASES / "old"),), newest_dir=RELEASES / "new")
    problems = coverage.assess([cases.Case(id="mmap/z", path=Path("cases/mmap/z.c"), covers=["mmap(2) EBUZY"])],
                               [], both, NEWER_PAGES, ())
    assert problems == ["cases/mmap/z.c: Covers: mmap(2) EBUZY: matches no entry of the pages read"]


def test_a_phrase_found_in_several_entries_picks_the_one_that_has_it_as_whole_words():
    entries = [coverage.Entry("mseal", "kernel", "EPERM", t, ["kernel docs"])
               for t in ("mprotect of a sealed mapping fails", "pkey_mprotect of a sealed mapping fails",
                         "madvise MADV_DONTNEED fails", "madvise MADV_DONTNEED_LOCKED fails")]
    assert coverage.resolve('mseal(kernel) EPERM "mprotect"', entries) == [entries[0]]
    assert coverage.resolve('mseal(kernel) EPERM "MADV_DONTNEED"', entries) == [entries[2]]
    assert "matches 2 entries" in coverage.resolve('mseal(kernel) EPERM "sealed mapping"', entries)


def test_the_th_line_names_the_release():
    assert coverage.release_of('.TH mmap 2 2026-06-04 "Linux man-pages 6.20"\n', "x") == "6.20"
    assert coverage.release_of('.TH MMAP 2 2099-01-01 "fixture"\n', "installed") == "installed"


# ---------------------------------------------------------------- cases/DOCUMENTED

GOOD = '''# comment
mseal(kernel) EPERM "munmap":
    source: Documentation/userspace-api/mseal.rst "Blocked mm syscall: munmap"; "munmap is atomic."
    text: munmap() of a sealed range fails with EPERM.
map_shadow_stack(kernel) ERANGE:
    source: arch/x86/kernel/shstk.c map_shadow_stack() "addr < SZ_4G"
    text: an address below 4 GiB fails with ERANGE.
MAP_DROPPABLE(kernel) EINVAL "file":
    source: commit 9651fcedf7b9 "mm: add MAP_DROPPABLE"
    text: a file mapping of type MAP_DROPPABLE fails with EINVAL.
'''


def test_documented_entries_are_entries_of_their_interface(tmp_path):
    path = tmp_path / "DOCUMENTED"
    path.write_text(GOOD)
    entries = coverage.documented_entries(path)
    assert [(e.label, e.releases) for e in entries] == [
        ("mseal(kernel) EPERM", ["kernel docs"]), ("map_shadow_stack(kernel) ERANGE", ["kernel docs"]),
        ("MAP_DROPPABLE(kernel) EINVAL", ["kernel docs"])]
    assert entries[0].source == ('Documentation/userspace-api/mseal.rst "Blocked mm syscall: munmap"; '
                                 '"munmap is atomic."')
    case = cases.Case(id="mseal/x", path=Path("cases/mseal/x.c"),
                      covers=['mseal(kernel) EPERM "munmap"', "mseal(kernel) EINVAL", "mseall(kernel) EPERM"])
    problems = coverage.assess([case], [], entries)
    assert entries[0].cases == ["mseal/x"]
    assert problems[0] == "cases/mseal/x.c: Covers: mseal(kernel) EINVAL: matches no entry of the pages read"
    assert problems[1].startswith("cases/mseal/x.c: Covers: mseall(kernel) EPERM: mseall(kernel) is not one of the "
                                  "pages covered")
    assert len(problems) == 2
    text, _ = coverage.report([case], entries, problems, newest="6.20")
    assert ("| EPERM | munmap() of a sealed range fails with EPERM. (source: Documentation/userspace-api/mseal.rst "
            "\"Blocked mm syscall: munmap\"; \"munmap is atomic.\") | kernel docs | `mseal/x` |") in text


@pytest.mark.parametrize("content, message", [
    (GOOD.replace("(kernel) ERANGE", "(2) ERANGE"), r":5: expected '<interface>\(kernel\)"),
    (GOOD.replace("    source: arch", "    text: arch"), r":6: expected an indented 'source: ...' line"),
    (GOOD.replace("    text: an address", "    reason: an address"), r":7: expected an indented 'text: ...' line"),
    (GOOD.replace('    source: commit 9651fcedf7b9 "mm: add MAP_DROPPABLE"\n', ""), r":9: expected an indented 'source"),
    (GOOD + "mmap(kernel) EINVAL:\n    source: mm/mmap.c\n    text: x\n",
     r":12: source: expected a kernel path .* then the quoted words"),
    (GOOD + "mmap(kernel) EINVAL:\n    source: /etc/passwd \"x\"\n    text: x\n", r":12: source: expected"),
    (GOOD.replace('EPERM "munmap"', 'EPERM "mremap"'), r":4: the phrase \"mremap\" of .*:2 is not in its text"),
    (GOOD + GOOD.split("\n", 1)[1], r":11: 'mseal\(kernel\) EPERM \"munmap\"' is already at .*:2$"),
    (GOOD + "mseal(kernel) EINVAL:\n    source: mm/mseal.c \"x\"\n", r":11: 'mseal\(kernel\) EINVAL' has no text: line"),
    (GOOD.replace("fails with EPERM", "fails \x1b[31mwith EPERM"), r":4: holds a control character"),
    (GOOD + "    text: a second text\n", r":11: expected a new entry"),
])
def test_a_malformed_documented_file_names_its_line(tmp_path, content, message):
    path = tmp_path / "DOCUMENTED"
    path.write_text(content)
    with pytest.raises(ValueError, match=message):
        coverage.documented_entries(path)


def test_a_documented_file_that_is_no_text_or_too_large_is_refused(tmp_path):
    path = tmp_path / "DOCUMENTED"
    path.write_bytes(b"mseal(kernel) EPERM:\n    source: mm/mseal.c \"\xff\"\n")
    with pytest.raises(ValueError, match="not UTF-8"):
        coverage.documented_entries(path)
    path.write_bytes(b"#" * (2 << 20))
    with pytest.raises(ValueError, match="larger than"):
        coverage.documented_entries(path)


def test_the_real_documented_file_reads_and_each_key_names_one_entry():
    entries = coverage.documented_entries(mmapcheck.CASES_DIR / "DOCUMENTED")
    assert len(entries) >= 40
    for e in entries:
        assert e.source.split()[0].split("/")[0] in ("Documentation", "arch", "mm", "commit")
    assert {e.page for e in entries} >= {"mseal", "MAP_DROPPABLE", "MADV_DONTNEED_LOCKED", "MFD_NOEXEC_SEAL",
                                         "MFD_EXEC", "memfd_noexec", "map_shadow_stack"}


# ---------------------------------------------------------------- the newest release, fetched and cached

from mmapcheck import UsageError, kernels, manpages  # noqa: E402
from mmapcheck.kernel_cache import check_entry  # noqa: E402

FETCHED = [("mmap", "2"), ("fcntl", "2"), ("F_ADD_SEALS", "2const")]


class FakeApt:
    """kernels.Apt's part manpages uses, handing over a manpages-dev built here
    from the fixture pages, F_ADD_SEALS a link to F_GET_SEALS as in Debian's."""
    calls, fail, links, files = [], None, {"F_ADD_SEALS.2const.gz": "F_GET_SEALS.2const.gz"}, {}

    def __init__(self, suite, root):
        self.calls.append(("init", suite))

    def update(self):
        self.calls.append(("update",))
        if self.fail:
            raise UsageError(self.fail)

    def depends(self, package):
        self.calls.append(("depends", package))
        return "6.20-2", []

    def download(self, packages, into):
        self.calls.append(("download", *packages))
        tree = into / "tree"
        man2 = tree / "usr/share/man/man2"
        man2.mkdir(parents=True)
        for page in (RELEASES / "new" / "man2").glob("*.gz"):
            if page.name not in self.links and page.name not in self.files:
                (man2 / page.name).write_bytes(page.read_bytes())
        for name, data in self.files.items():
            (man2 / name).write_bytes(data)
        for name, target in self.links.items():
            (man2 / name).symlink_to(target)
        (tree / "DEBIAN").mkdir()
        (tree / "DEBIAN/control").write_text("Package: manpages-dev\nVersion: 6.20-2\nArchitecture: all\n"
                                             "Maintainer: fixture <f@example.org>\nDescription: fixture\n")
        subprocess.run(["dpkg-deb", "--root-owner-group", "-b", str(tree), str(into / "manpages-dev.deb")],
                       check=True, capture_output=True)
        return [into / "manpages-dev.deb"]


@pytest.fixture
def apt(monkeypatch, tmp_path):
    monkeypatch.setenv("MMAPCHECK_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(kernels, "Apt", FakeApt)
    monkeypatch.setattr(FakeApt, "calls", [])
    monkeypatch.setattr(FakeApt, "fail", None)
    return FakeApt


def test_the_newest_release_is_fetched_once_and_kept_as_plain_checked_files(apt):
    newest = manpages.newest(FETCHED)
    assert newest.version == "6.20-2" and newest.note == ""
    assert ("download", "manpages-dev") in apt.calls
    top = manpages.entry_dir()
    check_entry(top)   # every file recorded with its hash, no link
    page = newest.mandir / "man2" / "F_ADD_SEALS.2const"
    assert not page.is_symlink() and page.read_text().startswith(".\\\" A fixture: the shape of man-pages 6.20's F_GET")
    entries = coverage.load_entries(NEWER_PAGES, dirs=(str(RELEASES / "old"),), newest_dir=newest.mandir)
    assert ("F_ADD_SEALS(2const) EPERM", ["6.20"]) in [(e.label, e.releases) for e in entries]
    apt.calls.clear()
    assert manpages.newest(FETCHED).version == "6.20-2"
    assert apt.calls == []   # within the day: neither apt nor the network


def test_a_day_later_apt_is_asked_but_the_same_release_is_not_downloaded_again(apt):
    manpages.newest(FETCHED)
    stamp = manpages.entry_dir().with_name("sid.checked")
    os.utime(stamp, (stamp.stat().st_mtime - 2 * 86400,) * 2)
    apt.calls.clear()
    manpages.newest(FETCHED)
    assert [c[0] for c in apt.calls] == ["init", "update", "depends"]
    assert stamp.stat().st_mtime > os.path.getmtime(manpages.entry_dir() / "SHA256SUMS")


def test_a_cache_entry_changed_since_it_was_fetched_is_fetched_again(apt):
    newest = manpages.newest(FETCHED)
    (newest.mandir / "man2" / "mmap.2").write_text(".TH mmap 2 x \"Linux man-pages 9.99\"\n.SH ERRORS\n")
    apt.calls.clear()
    again = manpages.newest(FETCHED, offline=False)
    assert ("download", "manpages-dev") in apt.calls
    assert "6.20" in (again.mandir / "man2" / "mmap.2").read_text()


def test_offline_takes_the_cache_as_it_is_or_says_there_is_none(apt):
    with pytest.raises(UsageError, match="--offline and no usable copy in .*manpages/sid"):
        manpages.newest(FETCHED, offline=True)
    assert apt.calls == []
    manpages.newest(FETCHED)
    stamp = manpages.entry_dir().with_name("sid.checked")
    os.utime(stamp, (stamp.stat().st_mtime - 2 * 86400,) * 2)
    apt.calls.clear()
    assert manpages.newest(FETCHED, offline=True).version == "6.20-2"
    assert apt.calls == []


def test_when_apt_fails_the_cached_release_is_used_with_a_note_and_without_one_it_is_one_line(apt):
    apt.fail = "apt-get update (sid) failed: E: Failed to fetch http://deb.debian.org/debian/dists/sid/InRelease"
    with pytest.raises(UsageError, match=r"^apt-get update \(sid\) failed: E: Failed to fetch"):
        manpages.newest(FETCHED)
    apt.fail = None
    manpages.newest(FETCHED)
    stamp = manpages.entry_dir().with_name("sid.checked")
    os.utime(stamp, (stamp.stat().st_mtime - 2 * 86400,) * 2)
    apt.fail = "apt-get update (sid) failed: E: no network"
    newest = manpages.newest(FETCHED)
    assert newest.version == "6.20-2"
    assert newest.note == ("could not look for a newer release (apt-get update (sid) failed: E: no network); "
                           "using the cached one")


def test_a_runner_that_waited_for_another_s_fetch_uses_what_it_fetched(apt):
    manpages.newest(FETCHED)
    apt.calls.clear()
    top = manpages.entry_dir()
    # as when this runner found no entry, then waited on the lock while another fetched it
    assert manpages.fetch(top, FETCHED, None, top.with_name("sid.checked")).version == "6.20-2"
    assert ("download", "manpages-dev") not in apt.calls


def test_a_cached_entry_for_other_pages_is_fetched_again(apt):
    manpages.newest(FETCHED)
    apt.calls.clear()
    manpages.newest(FETCHED + [("cachestat", "2")])
    assert ("download", "manpages-dev") in apt.calls


def test_a_page_that_links_out_of_the_package_is_refused(apt, monkeypatch):
    monkeypatch.setattr(FakeApt, "links", {"fcntl.2.gz": "../../../../../../etc/passwd"})
    with pytest.raises(UsageError, match="fcntl.2.gz points outside its man pages"):
        manpages.newest([("fcntl", "2")])
    assert not manpages.entry_dir().exists()


def test_a_page_that_is_a_so_line_is_kept_with_the_text_of_the_page_it_names(apt, monkeypatch):
    monkeypatch.setattr(FakeApt, "files", {"fcntl.2.gz": gzip.compress(b".so man2/mmap.2\n")})
    newest = manpages.newest([("fcntl", "2")])
    assert (newest.mandir / "man2" / "fcntl.2").read_bytes() == \
        gzip.decompress((RELEASES / "new" / "man2" / "mmap.2.gz").read_bytes())


def test_a_page_in_the_package_that_is_no_gzip_is_one_line(apt, monkeypatch):
    monkeypatch.setattr(FakeApt, "files", {"fcntl.2.gz": b"not gzip"})
    with pytest.raises(UsageError, match="^manpages-dev's fcntl.2.gz cannot be decompressed"):
        manpages.newest([("fcntl", "2")])


def test_offline_a_key_the_installed_pages_lack_is_shown_as_unchecked_not_as_a_problem():
    old = coverage.load_entries(NEWER_PAGES, dirs=(str(RELEASES / "old"),))
    case = cases.Case(id="mmap/x", path=Path("cases/mmap/x.c"), covers=['mmap(2) EBUSY "MADV_GUARD_INSTALL"'])
    unresolved = []
    assert coverage.assess([case], [], old, NEWER_PAGES, {("mmap", "2")}, unresolved) == []
    assert unresolved == ['cases/mmap/x.c: Covers: mmap(2) EBUSY "MADV_GUARD_INSTALL": in no page read here '
                          '(the newest release was not)']


def test_offline_without_a_cached_release_says_so_in_one_line_and_reports_the_installed_pages(tmp_path):
    env = dict(os.environ, MMAPCHECK_CACHE=str(tmp_path / "empty-cache"))
    proc = subprocess.run([sys.executable, str(mmapcheck.ROOT / "runner.py"), "coverage", "--offline",
                           "--output", str(tmp_path / "coverage.md")], capture_output=True, text=True, env=env)
    assert proc.stderr.splitlines() == [
        f"coverage: could not fetch the newest man-pages (sid's manpages-dev): --offline and no usable copy in "
        f"{tmp_path / 'empty-cache' / 'manpages' / 'sid'}; reporting the installed pages"]
    text = (tmp_path / "coverage.md").read_text()
    assert "**only in " not in text and "## cachestat(2)" not in text and "releases read: 6.03, kernel docs;" in text
    assert proc.returncode == (1 if "NOT COVERED" in proc.stdout or "PROBLEM" in proc.stdout else 0)
    assert not (tmp_path / "empty-cache").exists()   # nothing written: not even the cache's directories


def test_every_documented_entry_is_covered_by_a_case_or_explained(tmp_path):
    """The installed pages, cases/DOCUMENTED and the newest release when it is
    cached (never the network: `runner.py coverage` fetches it)."""
    proc = subprocess.run([sys.executable, str(mmapcheck.ROOT / "runner.py"), "coverage", "--offline",
                           "--output", str(tmp_path / "coverage.md")], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr
    assert "0 neither" in proc.stdout
    assert (tmp_path / "coverage.md").read_text().startswith("# mmapcheck: coverage")


@pytest.mark.parametrize("name, content, message", [
    ("DOCUMENTED", 'mseal(kernel) EPERM "munmap":\n    source: somewhere "x"\n    text: munmap fails\n',
     "DOCUMENTED:2: source: expected a kernel path"),
    ("UNCHECKABLE", "mmap(2) ENFILE:\n    because: \x1b[2Jx\n", "UNCHECKABLE:2: holds a control character"),
])
def test_a_bad_data_file_is_one_line_and_exit_status_2(tmp_path, name, content, message):
    """runner.py coverage with cases/<name> replaced (the module's CASES_DIR pointed at a copy)."""
    data = tmp_path / "cases"
    data.mkdir()
    for f in ("DOCUMENTED", "UNCHECKABLE"):
        (data / f).write_bytes((mmapcheck.CASES_DIR / f).read_bytes())
    (data / name).write_text(content)
    code = ("import sys; from mmapcheck import coverage, cli; coverage.CASES_DIR = __import__('pathlib').Path(sys.argv[1]);"
            " sys.exit(cli.main(['coverage', '--offline', '--output', sys.argv[2]]))")
    proc = subprocess.run([sys.executable, "-c", code, str(data), str(tmp_path / "coverage.md")],
                          capture_output=True, text=True, cwd=mmapcheck.ROOT,
                          env=dict(os.environ, MMAPCHECK_CACHE=str(tmp_path / "cache")))
    assert proc.returncode == 2, proc.stderr
    lines = [l for l in proc.stderr.splitlines() if not l.startswith("coverage: could not fetch")]
    assert len(lines) == 1 and message in lines[0] and "Traceback" not in proc.stderr
    assert not (tmp_path / "coverage.md").exists()

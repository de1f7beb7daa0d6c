"""expected/ files: the format, its errors (file:line, exit 2), release bounds,
and the verdict table."""

import pytest

import mmapcheck
from mmapcheck import cases, expected

IDS = {"mmap/len-zero-einval", "mmap/offset-unaligned-einval"}

GOOD = """\
# a comment
mmap/offset-unaligned-einval:
    outcome: fail
    reason: FreeBSD accepts an unaligned offset
    cite: FreeBSD mmap(2), NOTES

mmap/len-zero-einval:
    outcome: fail
    reason: accepted before 2.6.12
    cite: Linux man-pages mmap(2), NOTES
    before: 2.6.12
"""


def write(tmp_path, text, name="linux"):
    path = tmp_path / name
    path.write_text(text)
    return path


def test_a_good_file_parses(tmp_path):
    entries = expected.parse_expected(write(tmp_path, GOOD), IDS)
    e = entries["mmap/offset-unaligned-einval"]
    assert (e.outcome, e.reason, e.cite) == ("fail", "FreeBSD accepts an unaligned offset",
                                               "FreeBSD mmap(2), NOTES")
    assert entries["mmap/len-zero-einval"].before == ((2, 6, 12),)


@pytest.mark.parametrize("text,line,message", [
    ("mmap/nope:\n    outcome: fail\n", 1, "no case named 'mmap/nope'"),
    ("mmap/len-zero-einval\n", 1, "expected '<case-id>:'"),
    ("    outcome: fail\n", 1, "indented line outside an entry"),
    ("mmap/len-zero-einval:\n    outcome: fail\n    colour: red\n", 3, "expected one of outcome"),
    ("mmap/len-zero-einval:\n    outcome: broken\n", 2, "outcome 'broken' is not one of fail"),
    ("mmap/len-zero-einval:\n    outcome: fail\n    reason: r\n", 1, "has no 'cite:'"),
    ("mmap/len-zero-einval:\n    outcome: fail\n    reason:\n", 3, "'reason:' is empty"),
    ("mmap/len-zero-einval:\n    outcome: fail\n    since: soon\n", 3, "takes a release like 4.17"),
    ("mmap/len-zero-einval:\n    outcome: fail\n    since: 6.12.1 6.12.5 7.1\n", 3, "two releases of one series"),
    ("mmap/len-zero-einval:\n    outcome: fail\n    before: 7.1.3 7.1\n", 3, "two releases of one series"),
    ("mmap/len-zero-einval:\n  outcome: fail\n  reason: r\n  cite: c\nmmap/len-zero-einval:\n",
     5, "second entry"),
])
def test_malformed_entries_name_file_and_line(tmp_path, text, line, message):
    path = write(tmp_path, text)
    with pytest.raises(mmapcheck.UsageError) as err:
        expected.parse_expected(path, IDS)
    assert str(err.value).startswith(f"{path}:{line}: ")
    assert message in str(err.value)


def test_only_the_file_of_this_os_applies_but_every_file_is_checked(tmp_path):
    write(tmp_path, GOOD, "freebsd")
    write(tmp_path, "", "linux")
    assert expected.load_expected({"os": "Linux", "release": "6.1.0"}, IDS, tmp_path) == {}
    # the len-zero entry is bounded to releases before 2.6.12
    assert set(expected.load_expected({"os": "FreeBSD", "release": "14.1-RELEASE"}, IDS, tmp_path)) == {
        "mmap/offset-unaligned-einval"}
    write(tmp_path, "mmap/nope:\n", "netbsd")
    with pytest.raises(mmapcheck.UsageError, match="netbsd:1: no case named"):
        expected.load_expected({"os": "Linux", "release": "6.1.0"}, IDS, tmp_path)


@pytest.mark.parametrize("bounds,release,applies", [
    ("since: 4.17", "4.16.9", False),
    ("since: 4.17", "4.17", True),
    ("since: 4.17", "6.18.44-fc-v657", True),
    ("before: 4.15", "4.14.300", True),
    ("before: 4.15", "4.15.0-generic", False),
    ("since: 5.10\n    before: 6.1", "5.15.0", True),
    ("since: 5.10\n    before: 6.1", "6.1.0", False),
    # a mainline release and the stable releases that took the change as a backport
    ("since: 6.12.113 7.1", "6.12.112", False),
    ("since: 6.12.113 7.1", "6.12.118+deb13-amd64", True),
    ("since: 6.12.113 7.1", "6.18.44-fc-v657", False),
    ("since: 6.12.113 7.1", "6.6.200", False),
    ("since: 6.12.113 7.1", "7.1", True),
    ("since: 6.12.113 7.1", "7.2.13+deb14-amd64", True),
    ("before: 7.1 6.12.113", "6.12.50", True),
    ("before: 7.1 6.12.113", "6.18.44", True),
    ("before: 7.1 6.12.113", "7.2.1", False),
])
def test_release_bounds(tmp_path, bounds, release, applies):
    text = f"mmap/len-zero-einval:\n    outcome: fail\n    reason: r\n    cite: c\n    {bounds}\n"
    got = expected.load_expected({"os": "Linux", "release": release}, IDS, write(tmp_path, text).parent)
    assert ("mmap/len-zero-einval" in got) == applies


@pytest.mark.parametrize("fs,applies", [("tmpfs", True), ("ext4", False), (None, False)])
def test_filesystem_bound(tmp_path, fs, applies):
    text = "mmap/len-zero-einval:\n    outcome: fail\n    reason: r\n    cite: c\n    filesystem: tmpfs\n"
    plat = {"os": "Linux", "release": "6.1", "tmpdir_fs": fs}
    got = expected.load_expected(plat, IDS, write(tmp_path, text).parent)
    assert ("mmap/len-zero-einval" in got) == applies


@pytest.mark.parametrize("libc,applies", [("musl", True), ("glibc-2.36", False), (None, False)])
def test_libc_bound(tmp_path, libc, applies):
    text = "mmap/len-zero-einval:\n    outcome: fail\n    reason: r\n    cite: c\n    libc: musl\n"
    plat = {"os": "Linux", "release": "6.1", "libc": libc}
    got = expected.load_expected(plat, IDS, write(tmp_path, text).parent)
    assert ("mmap/len-zero-einval" in got) == applies


@pytest.mark.parametrize("outcome,listed,verdict", [
    ("pass", None, "pass"),
    ("fail", None, "fail"),
    ("fail", "fail", "xfail"),
    ("pass", "fail", "xpass"),
    ("skip", None, "skip"),
    ("skip", "fail", "skip"),
    ("error", None, "error"),
    ("error", "fail", "error"),
    ("error", "error", "xfail"),
    ("pass", "error", "xpass"),
    ("fail", "error", "xpass"),
])
def test_verdict_table(outcome, listed, verdict):
    exp = expected.Expectation("x/y", listed, "r", "c") if listed else None
    assert expected.verdict(outcome, exp) == verdict


def test_the_repositorys_expected_files_are_valid():
    ids = {c.id for c in cases.collect()}
    for path in sorted(mmapcheck.EXPECTED_DIR.glob("*")):
        if path.is_file() and not path.name.startswith("README"):
            expected.parse_expected(path, ids)


def test_a_malformed_expected_file_stops_the_run_with_exit_2(sandbox):
    (sandbox.root / "expected" / "netbsd").write_text("mmap/no-such-case:\n    outcome: fail\n")
    proc = sandbox.run("run", "mmap/len-zero-einval")
    assert proc.returncode == 2
    assert "netbsd:1: no case named 'mmap/no-such-case'" in proc.stderr
    assert "PASS" not in proc.stdout
    assert not (sandbox.root / "reports").exists()


def test_an_implementations_pass_entry_cancels_the_os_entry_and_only_there(tmp_path):
    from mmapcheck.expected import load_expected
    (tmp_path / "linux").write_text("x/y:\n    outcome: fail\n    reason: r\n    cite: c\n")
    (tmp_path / "valgrind").write_text("x/y:\n    outcome: pass\n    reason: valgrind checks it\n"
                                       "    cite: syswrap\n")
    native = {"os": "Linux", "release": "6.1", "target_kind": "native"}
    assert list(load_expected(native, {"x/y"}, tmp_path)) == ["x/y"]
    assert load_expected(dict(native, target_kind="valgrind"), {"x/y"}, tmp_path) == {}
    (tmp_path / "linux").write_text("x/y:\n    outcome: pass\n    reason: r\n    cite: c\n")
    with pytest.raises(mmapcheck.UsageError, match="belongs in an implementation's file"):
        load_expected(native, {"x/y"}, tmp_path)


@pytest.mark.parametrize("bounds,plat,applies", [
    ("machine: sparc64", {"machine": "sparc64"}, True),
    ("machine: sparc64", {"machine": "aarch64"}, False),
    ("machine: aarch64 sparc64", {"machine": "aarch64"}, True),
    ("page_size: 65536", {"page_size": 65536}, True),
    ("page_size: 8192 65536", {"page_size": 8192}, True),
    ("page_size: 8192 65536", {"page_size": 4096}, False),
    ("page_size: 8192 65536", {}, False),
])
def test_machine_and_page_size_bounds_take_one_value_or_several(tmp_path, bounds, plat, applies):
    text = f"mmap/len-zero-einval:\n    outcome: fail\n    reason: r\n    cite: c\n    {bounds}\n"
    plat = {"os": "Linux", "release": "6.1", **plat}
    got = expected.load_expected(plat, IDS, write(tmp_path, text).parent)
    assert ("mmap/len-zero-einval" in got) == applies


DOCUMENTED = """\
mmap/offset-unaligned-einval:
    outcome: fail
    reason: accepted
    cite: FreeBSD mmap(2), NOTES

mmap/len-zero-einval:
    outcome: pass
    reason: EINVAL for binaries built for 8.0 and later
    cite: FreeBSD sys/vm/vm_mmap.c kern_mmap()
"""


def test_a_documented_platforms_pass_skip_and_unknown_are_not_deviations(tmp_path):
    write(tmp_path, DOCUMENTED.replace("outcome: pass", "outcome: unknown"), "freebsd")
    got = expected.load_expected({"os": "FreeBSD", "release": "14.1-RELEASE"}, IDS, tmp_path)
    assert set(got) == {"mmap/offset-unaligned-einval"}
    unknown = expected.Expectation("mmap/len-zero-einval", "unknown", "r", "c")
    assert expected.verdict("fail", unknown) == "fail" and expected.verdict("pass", unknown) == "pass"


@pytest.mark.parametrize("name,outcome,allowed", [
    ("freebsd", "pass", True), ("freebsd", "skip", True), ("darwin", "unknown", True),
    ("linux", "pass", False), ("linux", "unknown", False), ("linux", "skip", False),
    ("valgrind", "pass", True), ("valgrind", "unknown", False), ("gvisor", "error", True),
])
def test_which_outcomes_each_kind_of_file_may_use(tmp_path, name, outcome, allowed):
    write(tmp_path, f"mmap/len-zero-einval:\n    outcome: {outcome}\n    reason: r\n    cite: c\n", name)
    if allowed:
        expected.load_expected({"os": "Linux"}, IDS, tmp_path)
    else:
        with pytest.raises(mmapcheck.UsageError, match=f"{name}:1: 'outcome: {outcome}' belongs"):
            expected.load_expected({"os": "Linux"}, IDS, tmp_path)


def test_a_documented_column_lists_each_entry_a_linux_only_skip_and_leaves_out_what_is_missing(tmp_path):
    import dataclasses
    portable = cases.Case(id="mmap/len-zero-einval", path=None)
    listed = cases.Case(id="mmap/offset-unaligned-einval", path=None)
    linux_only = dataclasses.replace(cases.Case(id="mremap/x", path=None), requires=["linux"])
    write(tmp_path, DOCUMENTED.split("\n\n")[0] + "\n", "freebsd")
    column = expected.documented("freebsd", [portable, listed, linux_only], tmp_path)
    assert column["mmap/offset-unaligned-einval"].outcome == "fail"
    assert column["mremap/x"].outcome == "skip" and "linux" in column["mremap/x"].reason
    assert expected.unaccounted("freebsd", [portable, listed, linux_only], tmp_path) == [
        "mmap/len-zero-einval"]


@pytest.mark.parametrize("os_name", expected.DOCUMENTED_OS)
def test_each_documented_platform_accounts_for_every_case_it_can_run(os_name):
    assert expected.unaccounted(os_name, list(cases.collect())) == []


@pytest.mark.parametrize("data,line,message", [
    (b"# caf\xc3\xa9 is fine\nmmap/len-zero-einval:\n    outcome: fail\n    reason: \xff\n", 4,
     "not UTF-8 (byte 0xff)"),
    (b"mmap/len-zero-einval:\n    outcome: fail\n    since: 4." + b"9" * 5000 + b"\n", 3,
     "takes a release like 4.17, not '4.999999999"),
    (b"mmap/" + b"z" * 100000 + b":\n", 1, "no case named 'mmap/zzzz"),
])
def test_foreign_bytes_and_huge_values_are_one_short_error(tmp_path, data, line, message):
    path = tmp_path / "linux"
    path.write_bytes(data)
    with pytest.raises(mmapcheck.UsageError) as err:
        expected.parse_expected(path, IDS)
    assert str(err.value).startswith(f"{path}:{line}: ")
    assert message in str(err.value) and len(str(err.value)) < 300


@pytest.mark.parametrize("release,version", [("6." + "1" * 5000, ()), ("9" * 5000, ()),
                                             ("6.18.44-fc-v669", (6, 18, 44)), ("", ())])
def test_a_release_of_thousands_of_digits_is_no_release(release, version):
    assert expected.version_tuple(release) == version
    e = expected.Expectation("x/y", "fail", "r", "c", since=((4, 17),))
    assert e.applies({"release": release}) == (version >= (4, 17))


def test_expected_files_are_read_as_utf8_whatever_the_locale():
    import subprocess
    import sys
    proc = subprocess.run([sys.executable, "-c", "from mmapcheck import cases, expected\n"
                           "ids = {c.id for c in cases.collect()}\n"
                           "print(len(expected.parse_expected(expected.EXPECTED_DIR / 'linux', ids)) > 0)"],
                          cwd=mmapcheck.ROOT, capture_output=True, text=True, timeout=120,
                          env={"PATH": "/usr/bin:/bin", "LC_ALL": "C", "PYTHONUTF8": "0"})
    assert (proc.returncode, proc.stdout) == (0, "True\n"), proc.stderr


def test_an_expected_file_that_is_a_link_is_not_followed(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.write_text(GOOD)
    (tmp_path / "dir").mkdir()
    (tmp_path / "dir" / "linux").symlink_to(elsewhere)
    with pytest.raises(mmapcheck.UsageError) as err:
        expected.load_expected({"os": "Linux"}, IDS, tmp_path / "dir")
    assert str(err.value) == f"{tmp_path / 'dir' / 'linux'}: cannot read: a symbolic link, not followed"

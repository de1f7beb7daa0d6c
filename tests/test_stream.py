"""mmapcheck.stream on streams captured from runner.sh (tests/fixtures/stream:
dash -j 2 over the cases of test_runner_sh.py, busybox sh with case ids), and
on damaged copies: cut mid-case, and with kernel lines, CRLF and NULs mixed in."""

import random
from pathlib import Path

import pytest

from mmapcheck.execute import Execution
from mmapcheck.stream import StreamParser, parse_stream

FIXTURES = Path(__file__).parent / "fixtures" / "stream"
NOT_DONE = "no '# mmapcheck-done' marker: the run stopped early (guest died or output cut)"

FULL = {  # dash-j2.txt, in print order
    "misc/segv": Execution("KTAP version 1\n", "", -11, None, 0.01, []),
    "mmap/forker": Execution("KTAP version 1\n1..1\nok 1 forked\n", "", 0,
                             "left processes running after it exited; killed them", 0.0, []),
    "mmap/fail": Execution("KTAP version 1\n1..1\nnot ok 1 bad\n", "oops one\noops two\n", 1, None, 0.01, []),
    "mmap/litter": Execution("KTAP version 1\n1..1\nok 1 littered\n", "", 0, None, 0.0, ["junk1", "junk2"]),
    "mmap/pass": Execution("KTAP version 1\n1..1\nok 1 fine\n", "", 0, None, 0.01, []),
    "mmap/skip": Execution("KTAP version 1\n1..0 # SKIP no hugepages\n", "", 4, None, 0.0, []),
    "mmap/hang": Execution("KTAP version 1\n", "", None, "timed out after 1 s; process group killed", 1.01, []),
}


def read(name):
    return (FIXTURES / name).read_bytes().decode()


def test_full_stream():
    stream = parse_stream(read("dash-j2.txt"))
    assert stream.platform == {"os": "Linux", "release": "6.18.44-fc-v669"}
    assert (stream.planned, stream.done, stream.problems) == (7, True, [])
    assert list(stream.executions.items()) == list(FULL.items())


def test_busybox_stream_with_case_ids():
    stream = parse_stream(read("busybox-ids.txt"))
    assert (stream.planned, stream.done, stream.problems) == (3, True, [])
    assert list(stream.executions) == ["mmap/pass", "mmap/fail", "misc/segv"]
    assert stream.executions["misc/segv"].returncode == -11


def test_truncated_mid_case():
    stream = parse_stream(read("truncated.txt"))
    assert (stream.planned, stream.done) == (7, False)
    assert list(stream.executions) == list(FULL)[:5]
    for case_id in list(FULL)[:4]:
        assert stream.executions[case_id] == FULL[case_id]
    assert stream.executions["mmap/pass"] == Execution(
        "KTAP version 1\n1..1\nok 1 fi\n", "", None,
        "did not finish: the stream ended while it ran (guest died or output cut)")
    assert stream.problems == ["mmap/pass: started but never finished: the stream ends inside it", NOT_DONE]


def test_kernel_junk_crlf_and_nuls():
    stream = parse_stream(read("junk-crlf.txt"))
    assert list(stream.executions.items()) == list(FULL.items())
    assert stream.platform == {"os": "Linux", "release": "6.18.44-fc-v669"}
    assert (stream.planned, stream.done) == (7, True)
    assert stream.problems == [
        "3 line(s) outside the stream format ignored, e.g. '[    0.000000] Linux version 6.1.0-40-amd64'; "
        "'[    2.718281] random: crng init done'; "
        "'[    3.141592] mmap[57]: segfault at 0 ip 0000000000401136 sp 00007ffd error 6'"]


@pytest.mark.parametrize("name", ["dash-j2.txt", "junk-crlf.txt", "truncated.txt"])
def test_incremental_feed_matches_whole(name):
    text = read(name)
    whole = parse_stream(text)
    rng = random.Random(7)
    parser, seen, pos = StreamParser(), [], 0
    while pos < len(text):
        step = rng.randint(1, 40)
        seen += list(parser.feed(text[pos:pos + step]))
        pos += step
    seen += list(parser.close())
    assert parser.stream == whole
    assert seen == list(whole.executions)  # each reported once, as it completed


def test_feed_reports_a_case_when_its_exit_line_arrives():
    parser = StreamParser()
    assert parser.feed("KTAP version 1\n1..2\n# mmapcheck-case: a/b\n    ok 1 x\n") == {}
    done = parser.feed("# mmapcheck-exit: a/b status=signal:9 time=- leftover=f\nnot ok 1 a/b\n")
    assert done == {"a/b": Execution("ok 1 x\n", "", -9, None, 0.0, ["f"])}
    assert parser.stream.done is False


def test_odd_blocks():
    stream = parse_stream(
        "1..3\n# mmapcheck-case: a/one\n    partial\n# mmapcheck-case: a/two\n"
        "# mmapcheck-exit: a/zwei status=timeout time=- leftover=\n"
        "# mmapcheck-exit: a/three status=weird time=x leftover=\n# mmapcheck-done\n")
    ex = stream.executions
    assert ex["a/one"].problem == "did not finish: its block ended without an exit line"
    assert ex["a/two"].problem == "timed out after an unknown time; process group killed"
    assert (ex["a/three"].returncode, ex["a/three"].stdout) == (None, "")
    assert ex["a/three"].problem == "the runner reported no usable status ('weird')"
    assert stream.problems == ["a/one: block without an exit line",
                               "a/two: block closed by the exit line of a/zwei",
                               "a/three: exit line without its case line; output lost"]


def test_garbage_never_raises():
    rng = random.Random(1)
    pieces = ["# mmapcheck-case: ", "# mmapcheck-exit: ", "status=", "signal:", "1..", "ok 1 ",
              "    ", "\n", "\r", "\0", "=", " ", "x", "# mmapcheck-done", "\xff", "timeout"]
    for _ in range(200):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 60)))
        parse_stream(text)
        parse_stream(text.encode("utf-8", "replace"))


def test_a_line_lost_on_the_way_is_named_not_taken_for_the_cases_output():
    text = ("KTAP version 1\n1..1\n# mmapcheck-case: x/y\n    KTAP version 1\n    1..1\n"
            "# mmapcheck-exit: x/y status=0 time=0.01 leftover= lines=3\nok 1 x/y\n# mmapcheck-done\n")
    stream = parse_stream(text)
    assert stream.executions["x/y"].problem == "the stream lost part of its output: 3 lines sent, 2 received"
    assert stream.problems == ["x/y: the stream lost part of its output: 3 lines sent, 2 received"]


def test_a_line_lost_from_a_case_with_a_problem_of_its_own_is_still_named():
    """The case printed past the cap (its own problem) and the way lost a line:
    both are reported, the loss as the stream's."""
    text = ("KTAP version 1\n1..1\n# mmapcheck-case: x/y\n    KTAP version 1\n    1..1\n"
            "# mmapcheck-exit: x/y status=signal:13 time=0.01 leftover= lines=3 output=truncated\n"
            "not ok 1 x/y\n# mmapcheck-done\n")
    stream = parse_stream(text)
    assert stream.executions["x/y"].problem.startswith("printed more than")
    assert stream.problems == ["x/y: the stream lost part of its output: 3 lines sent, 2 received"]
    whole = parse_stream(text.replace("lines=3", "lines=2"))
    assert whole.problems == []


def one_case(exit_fields, body="    KTAP version 1\n"):
    return parse_stream(f"1..1\n# mmapcheck-case: x/y\n{body}"
                        f"# mmapcheck-exit: x/y {exit_fields}\n# mmapcheck-done\n").executions["x/y"]


@pytest.mark.parametrize("status", ["²", "9" * 5000, "signal:" + "9" * 5000, "signal:²", "-1"])
def test_a_status_that_is_not_a_short_ascii_number_is_no_usable_status(status):
    ex = one_case(f"status={status} time=0.01 leftover=")
    assert ex.returncode is None
    assert ex.problem.startswith("the runner reported no usable status (")
    assert len(ex.problem) < 200


@pytest.mark.parametrize("time", ["nan", "inf", "1e999", "-1", "1_0", "9" * 5000])
def test_a_time_that_is_not_a_plain_decimal_is_unknown_never_nan_or_infinity(time):
    assert one_case(f"status=0 time={time} leftover=").duration_s == 0.0
    ex = one_case(f"status=timeout time={time} leftover=")
    assert ex.problem == "timed out after an unknown time; process group killed"


def test_a_plan_of_thousands_of_digits_is_no_plan():
    stream = parse_stream("1.." + "9" * 5000 + "\n# mmapcheck-done\n")
    assert stream.planned is None
    assert "outside the stream format ignored" in stream.problems[0]


def test_a_case_s_output_is_kept_up_to_the_limit_and_the_cut_named():
    from mmapcheck.execute import OUTPUT_LIMIT
    ex = one_case("status=0 time=0.01 leftover=", body="    # diagnostic line\n" * (OUTPUT_LIMIT // 10))
    assert OUTPUT_LIMIT - 100 < len(ex.stdout) <= OUTPUT_LIMIT
    assert ex.problem == f"printed more than {OUTPUT_LIMIT} bytes; the rest was cut"


def test_a_case_s_stderr_cut_by_runner_sh_is_named_as_natively():
    from mmapcheck.execute import OUTPUT_LIMIT
    ex = one_case("status=0 time=0.01 leftover= stderr=truncated")
    assert ex.problem == f"printed more than {OUTPUT_LIMIT} bytes on stderr"


def test_a_line_longer_than_the_limit_is_cut_and_its_case_says_so():
    from mmapcheck.ktap import LINE_LIMIT
    parser = StreamParser()
    parser.feed("1..1\n# mmapcheck-case: x/y\n    # ")
    for _ in range(100):  # a line that does not end, fed as a console delivers it
        parser.feed("z" * 65536)
    assert len(parser._partial) <= LINE_LIMIT
    parser.feed("\n# mmapcheck-exit: x/y status=0 time=0.01 leftover=\n" + "q" * 2000000 + "\n")
    parser.close()
    ex = parser.stream.executions["x/y"]
    assert ex.stdout == "# " + "z" * (LINE_LIMIT - 6) + "\n"
    assert ex.problem == f"printed a line longer than {LINE_LIMIT} characters; it was cut"
    junk = [p for p in parser.stream.problems if "outside the stream format" in p]
    assert junk == ["1 line(s) outside the stream format ignored, e.g. '" + "q" * 100 + "'..."]


def test_blocks_of_ids_not_known_are_counted_not_kept():
    text = "".join(f"# mmapcheck-case: new/case-{i}\n    ok 1\n"
                   f"# mmapcheck-exit: new/case-{i} status=0 time=0.01 leftover=\n" for i in range(1000))
    stream = parse_stream("1..1001\n" + text + "# mmapcheck-case: x/y\n# mmapcheck-exit: x/y status=0 "
                          "time=0 leftover=\n# mmapcheck-done\n", known={"x/y"})
    assert list(stream.executions) == ["x/y"]
    assert (stream.unknown_count, stream.unknown) == (1000, ["new/case-0", "new/case-1", "new/case-2"])
    assert stream.problems == []  # 1001 planned, 1001 reported


def test_problems_are_counted_past_the_first_few():
    stream = parse_stream("# mmapcheck-exit: x/y status=0 time=0 leftover=\n" * 10000)
    assert len(stream.problems) == 51
    assert stream.problems[-1].endswith("more problem(s) not listed")


def test_a_case_s_many_short_lines_are_kept_in_about_their_size():
    import tracemalloc
    from mmapcheck.execute import OUTPUT_LIMIT
    lines = OUTPUT_LIMIT // 12  # "ab\n": a quarter of what the limit lets a case keep
    text = "1..1\n# mmapcheck-case: x/y\n" + "    ab\n" * lines + \
        "# mmapcheck-exit: x/y status=0 time=0 leftover=\n# mmapcheck-done\n"
    tracemalloc.start()
    try:
        stream = parse_stream(text)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(stream.executions["x/y"].stdout) == 3 * lines
    # the text's copy, what is kept and the joined output; a str per line took ~120 bytes a line
    assert peak < len(text) + 10 * len(stream.executions["x/y"].stdout), peak


def test_the_timeout_an_ok_line_names_is_a_plain_number_or_ignored():
    text = ("1..1\n# mmapcheck-case: x/y\n# mmapcheck-exit: x/y status=timeout time=- leftover=\n"
            "not ok 1 x/y # timed out after {} s\n# mmapcheck-done\n")
    assert parse_stream(text.format("7")).executions["x/y"].problem == \
        "timed out after 7 s; process group killed"
    for odd in ("9" * 5000, "nan", "\x1b[2J"):
        assert parse_stream(text.format(odd)).executions["x/y"].problem == \
            "timed out after an unknown time; process group killed"

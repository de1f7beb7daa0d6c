"""The KTAP parser and the classification of a case's output and exit status.

The *-header.ktap fixtures were captured from a real case binary built against
harness/ksft/kselftest.h ("ours") and the kernel 6.1 kselftest.h ("kernel");
the others are what misbehaving binaries print."""

from pathlib import Path

import pytest

from mmapcheck import ktap

FIXTURES = Path(__file__).parent / "fixtures" / "ktap"
CASE = "munmap/unaligned-einval"


def outcome_of(fixture, returncode):
    text = (FIXTURES / fixture).read_text()
    return ktap.classify(CASE, ktap.parse_ktap(text), returncode)


@pytest.mark.parametrize("fixture,returncode,outcome,reason", [
    ("pass-ours-header.ktap", 0, "pass", ""),
    ("pass-kernel-header.ktap", 0, "pass", ""),
    ("fail-ours-header.ktap", 1, "fail", "expected success, got EINVAL"),
    ("fail-kernel-header.ktap", 1, "fail", "expected success, got EINVAL"),
    ("skip-ours-header.ktap", 4, "skip", "MAP_POPULATE is not defined on this platform"),
    ("skip-kernel-header.ktap", 4, "skip", "MAP_POPULATE is not defined on this platform"),
    ("broken-ours-header.ktap", 1, "error", 'broken: open("/nonexistent/x", O_RDONLY) failed: ENOENT'),
    ("broken-kernel-header.ktap", 1, "error", "broken: open("),
    ("childbroken-ours-header.ktap", 1, "error", "broken: helper child could not set up"),
    ("plan-skip.ktap", 4, "skip", "no hugepages reserved"),
])
def test_well_formed_output_gives_the_case_outcome(fixture, returncode, outcome, reason):
    got, why = outcome_of(fixture, returncode)
    assert got == outcome
    assert reason in why


@pytest.mark.parametrize("fixture,returncode,reason", [
    ("crash-ours-header.ktap", -11, "crashed: killed by SIGSEGV"),
    ("empty.ktap", 0, "no KTAP version line"),
    ("no-plan.ktap", 0, "no plan line"),
    ("no-result.ktap", 0, "0 result lines, expected 1"),
    ("two-results.ktap", 0, "2 result lines"),
    ("junk-line.ktap", 0, "not KTAP: 'hello from a stray printf'"),
    ("wrong-name.ktap", 0, "result line names 'mmap/len-zero-einval'"),
    ("bail-out.ktap", 1, "bailed out: mmap() of the test file failed"),
    ("case-xfail.ktap", 0, "unsupported directive '# XFAIL'"),
    ("version-not-first.ktap", 0, "version line not first"),
    # Exit codes that disagree with the result line.
    ("pass-ours-header.ktap", 1, "exit code 1 disagrees with result line 'ok'"),
    ("fail-ours-header.ktap", 0, "exit code 0 disagrees with result line 'not ok'"),
    ("skip-ours-header.ktap", 0, "exit code 0 disagrees"),
    ("broken-ours-header.ktap", 4, "exit code 4 disagrees"),
])
def test_misbehaving_output_is_an_error_with_the_reason(fixture, returncode, reason):
    got, why = outcome_of(fixture, returncode)
    assert got == "error"
    assert reason in why


def test_observations_are_collected_and_repeated_keys_kept():
    k = ktap.parse_ktap("KTAP version 1\n1..1\n# observed: signal=SIGBUS code=BUS_ADRERR\n"
                          "# observed: errno=EINVAL\n# observed: errno=0\nok 1 x/y\n")
    assert k.observed == {"signal": "SIGBUS", "code": "BUS_ADRERR", "errno": "EINVAL", "errno_2": "0"}
    assert not k.problems


def test_an_observation_that_is_not_key_value_is_a_problem():
    k = ktap.parse_ktap("KTAP version 1\n1..1\n# observed: SIGBUS\nok 1 x/y\n")
    assert k.problems and "not key=value" in k.problems[0]


def test_parser_never_raises_on_binary_garbage():
    k = ktap.parse_ktap("\x00\xff\ufffd\nok\nnot ok x\n1..\n#\n" * 100)
    assert k.problems
    assert ktap.classify(CASE, k, 0)[0] == "error"


def run_python(code, timeout=120):
    """code in a fresh interpreter, so that a parse that never ends fails the
    test at the timeout (generous: the machine may be loaded) instead of
    hanging the session."""
    import subprocess
    import sys
    return subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).parent.parent,
                          capture_output=True, text=True, timeout=timeout)


def test_a_result_line_with_a_megabyte_of_spaces_parses_in_linear_time():
    # One regex for the whole line backtracked polynomially: 1000 spaces took
    # minutes, a megabyte would take years.
    proc = run_python("from mmapcheck import ktap\n"
                      "line = 'ok 1' + ' ' * 1000000 + '#!'\n"
                      "k = ktap.parse_ktap('KTAP version 1\\n1..1\\n' + line + '\\n')\n"
                      "assert ktap.parse_result(line) is None\n"
                      "assert ktap.parse_result('ok 1' + ' ' * 1000000 + '# SKIP why').reason == 'why'\n"
                      "print(k.problems[0])\n")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == f"line 3: longer than {ktap.LINE_LIMIT} characters, cut\n"


def test_a_hundred_thousand_repeated_observations_are_kept_bounded():
    # Each repeated key was renamed by scanning errno_2, errno_3, ...: quadratic.
    proc = run_python("from mmapcheck import ktap\n"
                      "k = ktap.parse_ktap('KTAP version 1\\n1..1\\n' + '# observed: errno=0\\n' * 100000)\n"
                      "print(len(k.observed), k.problems[0])\n")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == (f"{ktap.OBSERVATIONS_KEPT} line {ktap.OBSERVATIONS_KEPT + 3}: more than "
                           f"{ktap.OBSERVATIONS_KEPT} observations, the rest dropped\n")


@pytest.mark.parametrize("text", ["1.." + "9" * 5000, "ok " + "1" * 5000 + " x/y", "ok ² x/y", "1..²"])
def test_a_number_of_thousands_of_digits_or_not_ascii_is_malformed_not_a_crash(text):
    k = ktap.parse_ktap(f"KTAP version 1\n1..1\n{text}\n")
    assert ktap.classify(CASE, k, 0)[0] == "error"
    assert "not KTAP" in k.problems[-1]


def test_problems_and_diagnostics_are_counted_past_the_first_few():
    k = ktap.parse_ktap("KTAP version 1\n" + "junk\n" * 5000 + "# diagnostic\n" * 5000)
    assert len(k.problems) == ktap.PROBLEMS_KEPT + 1
    assert k.problems[-1] == f"{5000 - ktap.PROBLEMS_KEPT} more problem(s) not listed"
    assert len(k.diagnostics) == ktap.DIAGNOSTICS_KEPT + 1
    assert "cut" in k.diagnostics[-1]


@pytest.mark.parametrize("line, start", [
    ("ok 1 " + "n" * 4000, "result line names 'nnn"),
    ("ok 1 # SKIP " + "r" * 4000, "rrr"),
    ("ok 1 # " + "D" * 4000, "unsupported directive '# DDD"),
    ("not ok 1 # error " + "b" * 4000, "broken: bbb"),
])
def test_a_reason_quoting_the_case_s_text_is_cut(line, start):
    k = ktap.parse_ktap(f"KTAP version 1\n1..1\n{line}\n")
    outcome, reason = ktap.classify(CASE, k, 4 if "SKIP" in line else 0 if line.startswith("ok") else 1)
    assert reason.startswith(start) and "... (cut)" in reason and len(reason) < 700

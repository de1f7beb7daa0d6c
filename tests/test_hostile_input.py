"""A property of everything the runner reads from elsewhere (KTAP, runner.sh's
streams and logs, summary.json, expected/ entries): whatever the bytes, it
gives a result or one UsageError line, in bounded time and memory, and writes
nowhere but its output directory.

The inputs are the captured fixtures, mutated from fixed seeds (truncated,
spliced, bytes flipped, lines and ids duplicated, huge lines, invalid UTF-8,
deep nesting, numbers of thousands of digits, a prefix on every line).  Most
mutations run the parsers in this process; a smaller number run the real
command line in a child limited to 1 GiB of address space."""

import json
import os
import random
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from mmapcheck import UsageError, compare, expected, ingest, ktap, stream
from mmapcheck.cases import collect
from mmapcheck.execute import OUTPUT_LIMIT

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
STREAMS = sorted((FIXTURES / "stream").glob("*.txt")) + [FIXTURES / "ingest" / "busybox-4.txt"]
KTAPS = sorted((FIXTURES / "ktap").glob("*.ktap"))
SUMMARIES = [FIXTURES / "compare" / "native" / "summary.json",
             FIXTURES / "compare" / "gvisor" / "summary.json"]
EXPECTED = [FIXTURES / "compare" / "expected" / "freebsd", ROOT / "expected" / "linux",
            ROOT / "expected" / "uml"]
CALL_LIMIT_S = 60        # one in-process parse; generous for a loaded machine (a hang is hours)
CHILD_LIMIT_S = 300      # one command in a child
CHILD_MEMORY = 1 << 30   # bytes of address space for a child
PROBLEM_LIMIT = 1000     # characters of one problem or reason shown to a reader


# Mutations: each takes (rng, bytes) and returns bytes.
def truncate(rng, data):
    return data[:rng.randrange(len(data) + 1)]


def splice(rng, data):
    donor = rng.choice(STREAMS + KTAPS + SUMMARIES + EXPECTED).read_bytes()
    start = rng.randrange(len(donor) + 1)
    at = rng.randrange(len(data) + 1)
    return data[:at] + donor[start:start + rng.randint(1, 400)] + data[at:]


def flip(rng, data):
    data = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        if data:
            data[rng.randrange(len(data))] = rng.randrange(256)
    return bytes(data)


def duplicate_lines(rng, data):
    lines = data.split(b"\n")
    i = rng.randrange(len(lines))
    return b"\n".join(lines[:i] + lines[i:i + rng.randint(1, 12)] * rng.randint(2, 40) + lines[i:])


HUGE = [b" ", b"1 ", b"9", b"z", b"#", b"[", b"\xff", b"ok 1", b"\t", b"=", b"# observed: e=1\n"]


def huge_line(rng, data, most=200000):
    lines = data.split(b"\n")
    i = rng.randrange(len(lines) + 1)
    body = rng.choice(HUGE) * rng.randint(1000, most)
    kept = lines[i - 1] if i and rng.random() < 0.5 else b""  # grow a real line, or add one
    return b"\n".join(lines[:max(i - 1, 0)] + [kept + body + rng.choice([b"", b"#!", b"x", b"\r"])]
                      + lines[i:])


def invalid_utf8(rng, data):
    at = rng.randrange(len(data) + 1)
    return data[:at] + rng.choice([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\x00",
                                   b"\xe2\x82"]) + data[at:]


def deep_nesting(rng, data):
    at = rng.randrange(len(data) + 1)
    depth = rng.randint(1000, 100000)
    return data[:at] + rng.choice([b"[", b'{"a":', b"[{\"id\":"]) * depth + data[at:]


def long_number(rng, data):
    digits = [i for i, b in enumerate(data) if 48 <= b <= 57]
    if not digits:
        return data
    at = rng.choice(digits)
    return data[:at] + rng.choice([b"9", b"1", b"\xc2\xb2"]) * rng.randint(20, 6000) + data[at + 1:]


def prefix_every_line(rng, data):
    prefix = rng.choice([b"1 " * rng.randint(1, 20), b"[  12.345678] ", b"- {\"msg\": \"",
                         b"2026-11-24T19:53:04Z ", b"\xff "])
    return b"".join(prefix + line + b"\n" for line in data.split(b"\n"))


def line_ends(rng, data):
    return data.replace(b"\n", rng.choice([b"\r\n", b"\r", b"\n\x00", b"\n\n"]))


MUTATIONS = [truncate, splice, flip, duplicate_lines, huge_line, invalid_utf8, deep_nesting,
             long_number, prefix_every_line, line_ends]


def mutate(rng, data):
    applied = rng.sample(MUTATIONS, rng.randint(1, 3))
    for m in applied:
        data = m(rng, data)
    return data, [m.__name__ for m in applied]


HOSTILE_VALUES = [[], ["x"], {}, {"a": [1]}, 7, -1, 10 ** 300, 1.5, True, None, "", "x" * 200000,
                  "\u2260\x00\x1b[31m", "mmap/" + "z" * 5000, "../../etc", [[[[[]]]]]]


def mutate_json(rng, data):
    """A summary.json with one value somewhere replaced by one of another kind."""
    doc = json.loads(data)
    node, path = doc, []
    while isinstance(node, (dict, list)) and node and rng.random() < 0.8:
        key = rng.choice(list(node)) if isinstance(node, dict) else rng.randrange(len(node))
        if not isinstance(node[key], (dict, list)) or rng.random() < 0.3:
            node[key] = rng.choice(HOSTILE_VALUES)
            path.append(str(key))
            break
        node, path = node[key], path + [str(key)]
    text = json.dumps(doc)
    if rng.random() < 0.2:
        text = text.replace("0.", "NaN, 0." if rng.random() < 0.5 else "1e999", 1)
    return text.encode(), ["json:" + "/".join(path)]


class Deadline:
    """Fails the test when a call in this process outlasts CALL_LIMIT_S."""

    def __enter__(self):
        def expired(signum, frame):
            raise TimeoutError(f"took more than {CALL_LIMIT_S} s")
        self.previous = signal.signal(signal.SIGALRM, expired)
        signal.setitimer(signal.ITIMER_REAL, CALL_LIMIT_S)

    def __exit__(self, *exc):
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, self.previous)


def only_usage_errors(what, seed, mutations, call):
    """call() returns or raises UsageError with one line; anything else fails."""
    try:
        with Deadline():
            return call()
    except UsageError as e:
        assert "\n" not in str(e) and len(str(e)) < PROBLEM_LIMIT, (what, seed, mutations, str(e)[:300])
        return None
    except Exception as e:  # noqa: BLE001 -- the property: nothing else escapes
        pytest.fail(f"{what}, seed {seed}, mutations {mutations}: {type(e).__name__}: {str(e)[:300]}")


@pytest.fixture(scope="module")
def fast_ingest():
    """ingest() without re-reading 200 case headers and the expected/ files on
    every call (the cost that is not under test here)."""
    cases = collect()
    parsed = {}
    real_parse = expected.parse_expected

    def parse_once(path, case_ids):
        if path not in parsed:
            parsed[path] = real_parse(path, case_ids)
        return parsed[path]
    mp = pytest.MonkeyPatch()
    mp.setattr(ingest, "collect", lambda: cases)
    mp.setattr(expected, "parse_expected", parse_once)
    yield cases
    mp.undo()


def check_suite(suite, notes):
    for text in suite.target_problems + notes:
        assert "\n" not in text and len(text) < PROBLEM_LIMIT, text[:300]
    assert len(suite.target_problems) <= stream.PROBLEMS_KEPT + 5
    for r in suite.runs:
        assert len(r.stdout) <= OUTPUT_LIMIT and len(r.stderr) <= OUTPUT_LIMIT
        assert len(r.reason) < PROBLEM_LIMIT, r.reason[:300]
        assert len(r.observed) <= ktap.OBSERVATIONS_KEPT


@pytest.mark.parametrize("block", range(4))
def test_mutated_streams_ingest_to_a_report_or_one_line(fast_ingest, block):
    for seed in range(block * 300, (block + 1) * 300):
        rng = random.Random(seed)
        data, mutations = mutate(rng, rng.choice(STREAMS).read_bytes())
        if rng.random() < 0.5:
            result = only_usage_errors("ingest(text)", seed, mutations,
                                       lambda: ingest.ingest(data.decode("utf-8", "replace"), "p"))
        else:
            import io
            result = only_usage_errors("ingest(file)", seed, mutations,
                                       lambda: ingest.ingest(io.BytesIO(data), "p"))
        assert result is not None, (seed, mutations)  # a log is never a usage error
        check_suite(result[0], result[2])
        parser = stream.StreamParser()  # fed as a guest's console delivers it
        pos = 0
        with Deadline():
            while pos < len(data):
                step = rng.randint(1, 70000)
                parser.feed(data[pos:pos + step])
                pos += step
            parser.close()
        assert len(parser._partial) <= ktap.LINE_LIMIT


def test_mutated_ktap_is_classified_never_raises():
    for seed in range(2000):
        rng = random.Random(seed)
        data, mutations = mutate(rng, rng.choice(KTAPS).read_bytes())
        if len(data) > 100000:  # a case's output is cut at OUTPUT_LIMIT before it is parsed
            data = data[:OUTPUT_LIMIT]
        text = data.decode("utf-8", "replace")
        with Deadline():
            k = ktap.parse_ktap(text)
            outcome, reason = ktap.classify("mmap/x", k, rng.choice([0, 1, 4, -11, None]))
        assert outcome in ("pass", "fail", "skip", "error"), (seed, mutations)
        assert len(reason) < PROBLEM_LIMIT and len(k.problems) <= ktap.PROBLEMS_KEPT + 1


def test_mutated_summaries_load_or_are_one_line(tmp_path):
    report = tmp_path / "report"
    report.mkdir()
    loaded = 0
    for seed in range(1500):
        rng = random.Random(seed)
        source = rng.choice(SUMMARIES).read_bytes()
        data, mutations = mutate_json(rng, source) if rng.random() < 0.6 else mutate(rng, source)
        (report / "summary.json").write_bytes(data)
        col = only_usage_errors("load_report", seed, mutations, lambda: compare.load_report(report))
        if col is not None:
            loaded += 1
            with Deadline():  # what the page writers are handed works as data
                rows = compare.build_rows([], [col])
                compare.markdown([col], rows)
    assert 0 < loaded < 1500  # both sides of the property were exercised


def test_mutated_expected_entries_parse_or_are_one_line(tmp_path):
    ids = {c.id for c in collect()}
    path = tmp_path / "linux"
    refused = 0
    for seed in range(1500):
        rng = random.Random(seed)
        data, mutations = mutate(rng, rng.choice(EXPECTED).read_bytes())
        path.write_bytes(data)
        refused += only_usage_errors("parse_expected", seed, mutations,
                                     lambda: expected.parse_expected(path, ids)) is None
    assert 0 < refused < 1500


def limited_child():
    resource.setrlimit(resource.RLIMIT_AS, (CHILD_MEMORY, CHILD_MEMORY))


def tree(root):
    """Every path below root with its size and modification time."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            p = Path(dirpath) / name
            st = p.lstat()
            out[p] = (st.st_size, st.st_mtime_ns)
    return out


def run_child(tmp_path, out_dir, *args):
    before = tree(tmp_path)
    proc = subprocess.run([sys.executable, str(ROOT / "runner.py"), *args], cwd=tmp_path,
                          capture_output=True, timeout=CHILD_LIMIT_S, preexec_fn=limited_child)
    after = tree(tmp_path)
    changed = {p for p in set(before) | set(after)
               if before.get(p) != after.get(p) and p != out_dir and out_dir not in p.parents}
    stderr = proc.stderr.decode("utf-8", "replace")
    assert proc.returncode in (0, 1, 2), stderr[-2000:]
    assert "Traceback" not in stderr, stderr[-2000:]
    if proc.returncode == 2:
        assert len(stderr.splitlines()) == 1, stderr[:2000]
    assert len(proc.stderr) < 64 << 10 and len(proc.stdout) < 256 << 10
    assert not changed, f"written outside {out_dir}: {sorted(changed)[:5]}"
    return proc


def test_mutated_logs_through_the_command_line(tmp_path):
    out = tmp_path / "reports"
    for seed in range(14):
        rng = random.Random(1000 + seed)
        data, mutations = mutate(rng, rng.choice(STREAMS).read_bytes())
        if seed % 3 == 0:
            data = huge_line(rng, data, most=5000000)  # a few megabytes on one line
        log = tmp_path / f"log-{seed}"
        log.write_bytes(data)
        proc = run_child(tmp_path, out, "ingest", str(log), "--platform", f"p{seed}", "--reports", str(out))
        assert proc.returncode in (0, 1), (seed, mutations, proc.stderr[-500:])
        assert (out / f"p{seed}" / "summary.json").is_file()


def test_mutated_summaries_through_the_command_line(tmp_path):
    out = tmp_path / "out"
    for seed in range(10):
        rng = random.Random(2000 + seed)
        source = rng.choice(SUMMARIES).read_bytes()
        data, mutations = mutate_json(rng, source) if seed % 2 else mutate(rng, source)
        report = tmp_path / f"report-{seed}"
        report.mkdir()
        (report / "summary.json").write_bytes(data)
        run_child(tmp_path, out, "compare", str(report), "--out", str(out))

"""runner.sh under dash and busybox ash: tiny C cases covering every status,
stderr, leftovers, output past the cap and timeouts, parsed back with
mmapcheck.stream; that no process of a run outlives it; its argument checks.

The machine may be loaded: every case but the one that hangs runs with a
per-case timeout far above what it needs (GENEROUS), so that a slow machine
never turns a verdict into a timeout; the hanging case has its own runs with
-t 1.  Waits for a whole run are bounded by LONG_WAIT, which only a hung
runner reaches."""

import os
import re
import resource
import uuid
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from mmapcheck.execute import OUTPUT_LIMIT
from mmapcheck.stream import parse_stream

RUNNER = Path(__file__).resolve().parent.parent / "runner.sh"
GENEROUS = "600"  # -t for the runs whose cases are not about the timeout
LONG_WAIT = 900   # seconds a whole run may take before the test calls it hung

CASES = {
    "mmap/pass": r'puts("KTAP version 1\n1..1\nok 1 fine"); return 0;',
    "mmap/fail": r'puts("KTAP version 1\n1..1\nnot ok 1 bad");'
                 r' fprintf(stderr, "oops one\noops two\n"); return 1;',
    "mmap/skip": r'puts("KTAP version 1\n1..0 # SKIP no hugepages"); return 4;',
    # Says it is running by writing to the FIFO named by $HANG_READY, if any.
    "mmap/hang": r'const char *r = getenv("HANG_READY"); FILE *f = r ? fopen(r, "w") : NULL;'
                 r' if (f) fclose(f); puts("KTAP version 1"); fflush(stdout); for (;;) pause();',
    "mmap/forker": r'if (fork() == 0) for (;;) pause();'
                   r' puts("KTAP version 1\n1..1\nok 1 forked"); return 0;',
    "mmap/litter": r'char p[4096]; fclose(fopen("junk1", "w"));'
                   r' snprintf(p, sizeof p, "%s/junk2", getenv("TMPDIR")); fclose(fopen(p, "w"));'
                   r' printf("cwd-is-tmpdir=%d\n", strcmp(getcwd(p, sizeof p), getenv("TMPDIR")) == 0);'
                   r' printf("lc_all=%s\n", getenv("LC_ALL"));'
                   r' printf("stdin=%d\n", (int)read(0, p, 1));'
                   r' struct rlimit core; getrlimit(RLIMIT_CORE, &core);'
                   r' printf("core-soft-limit=%s\n", core.rlim_cur == 0 ? "0" : "not-0"); return 0;',
    "mmap/chatty": r'for (int i = 0; i < 20000; i++) printf("%099d\n", i); return 0;',
    # Ends once the FIFO named by $GATE, if any, is opened for writing.
    "mmap/gate": r'const char *g = getenv("GATE"); if (g) fclose(fopen(g, "r"));'
                 r' puts("KTAP version 1\n1..1\nok 1 gated"); return 0;',
    "misc/segv": r'puts("KTAP version 1"); fflush(stdout); *(volatile int *)0 = 1; return 0;',
    # Print up to 64 MiB with write(2) and SIGPIPE ignored, then say how much
    # the runner took (on the other stream): past the cap a write must fail.
    "mmap/flood-out": r'static char b[65536]; long n = 0; signal(SIGPIPE, SIG_IGN); memset(b, 120, sizeof b);'
                      r' for (int i = 0; i < 1024; i++) { if (write(1, b, sizeof b) < 0) break; n += sizeof b; }'
                      r' fprintf(stderr, "written=%ld\n", n); return 0;',
    "mmap/flood-err": r'static char b[65536]; long n = 0; signal(SIGPIPE, SIG_IGN); memset(b, 120, sizeof b);'
                      r' for (int i = 0; i < 1024; i++) { if (write(2, b, sizeof b) < 0) break; n += sizeof b; }'
                      r' printf("written=%ld\n", n); return 0;',
    # Leaves files whose names would each inject a line into the stream.
    "mmap/litter-names": r'fclose(fopen("z\n# mmapcheck-done", "w")); fclose(fopen("esc\033[2J\r", "w"));'
                         r' puts("KTAP version 1\n1..1\nok 1 littered"); return 0;',
}
HANG = "mmap/hang"  # run on its own, with -t 1
MAIN_CASES = sorted(set(CASES) - {HANG})

SHELLS = {"dash": ["dash"], "busybox": ["busybox", "sh"]}


def have(shell):
    return shutil.which(SHELLS[shell][0]) is not None


@pytest.fixture(scope="module")
def cases_dir(tmp_path_factory):
    if not shutil.which("cc"):
        pytest.skip("no C compiler: apt-get install gcc")
    root = tmp_path_factory.mktemp("built")
    src = root / "src"
    src.mkdir()
    for case_id, body in CASES.items():
        c = src / (case_id.replace("/", "_") + ".c")
        c.write_text("#include <signal.h>\n#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>\n"
                     "#include <sys/resource.h>\n#include <unistd.h>\nint main(void) { " + body + " }\n")
        out = root / "cases" / case_id
        out.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(["cc", "-o", str(out), str(c)], check=True)
    build_run_lane(root / "cases")
    info = root / "cases" / "platform-info"
    info.write_text("#!/bin/sh\necho os=TestOS\necho not a pair\nprintf release=1.2-test\n")  # no final newline
    info.chmod(0o755)
    (root / "cases" / "mmap" / "README").write_text("not executable: not a case\n")
    # Executables whose names are no case ids: never run, never printed.
    for name in ("z\n# mmapcheck-done", "Upper", "x.sh"):
        shutil.copy(root / "cases" / "mmap" / "pass", root / "cases" / "mmap" / name)
    hang_only = root / "hang-only" / HANG
    hang_only.parent.mkdir(parents=True)
    (root / "cases" / HANG).rename(hang_only)
    shutil.copy(root / "cases" / "run-lane", root / "hang-only")
    return root / "cases"


def build_run_lane(directory):
    """runner.sh's lanes (harness/run-lane.c), built into directory."""
    subprocess.run(["cc", "-O2", "-o", str(directory / "run-lane"), str(RUNNER.parent / "harness" / "run-lane.c")],
                   check=True)


def hang_dir(cases_dir):
    return cases_dir.parent / "hang-only"


def raise_core_limit():
    """The cases' parent with core dumps allowed (the soft limit at the hard
    one), so that the runner's own ulimit -c 0 is what the cases see."""
    soft, hard = resource.getrlimit(resource.RLIMIT_CORE)
    resource.setrlimit(resource.RLIMIT_CORE, (hard, hard))


def interruptible():
    """A preexec_fn: SIGINT and SIGQUIT as at a terminal.  Started in the
    background of a script (`make test &`), the tests inherit them ignored,
    and a shell cannot trap a signal ignored on entry (POSIX trap)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGQUIT, signal.SIG_DFL)


def run(argv, scratch, env=None):
    return subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env, cwd=scratch, preexec_fn=interruptible)


@pytest.fixture(scope="module")
def runs(cases_dir, tmp_path_factory):
    """Every shell x -j 1/2, run together (output to
    files, so that none waits for its pipe to be read), each twice: every case
    but the hanging one with a generous -t, and the hanging one with -t 1.
    {(shell, jobs, "main" | "hang"): (returncode, stdout, stderr, scratch)}"""
    configs = {(shell, jobs): (SHELLS[shell], None) for shell in SHELLS if have(shell) for jobs in "12"}
    procs = {}
    for (name, jobs), (shell, env) in configs.items():
        for kind, directory, timeout in (("main", cases_dir, GENEROUS), ("hang", hang_dir(cases_dir), "1")):
            scratch = tmp_path_factory.mktemp(f"scratch-{name}-{jobs}-{kind}")
            out = tmp_path_factory.mktemp(f"out-{name}-{jobs}-{kind}")
            argv = shell + [str(RUNNER), "-j", jobs, "-t", timeout, "-s", str(scratch), str(directory)]
            with open(out / "stdout", "w") as stdout, open(out / "stderr", "w") as stderr:
                proc = subprocess.Popen(argv, stdout=stdout, stderr=stderr, cwd=scratch, env=env,
                                        preexec_fn=raise_core_limit)
            procs[name, jobs, kind] = (proc, scratch, out)
    results = {}
    for key, (proc, scratch, out) in procs.items():
        proc.wait(timeout=LONG_WAIT)
        results[key] = (proc.returncode, (out / "stdout").read_text(errors="replace"),
                        (out / "stderr").read_text(), scratch)
    return results


def leftover_processes(cases_dir):
    """Live (not zombie) processes running one of our case binaries."""
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            exe = os.readlink(f"/proc/{pid}/exe")
            state = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if exe.startswith(str(cases_dir.parent)) and state != "Z":
            found.append((pid, exe))
    return found


def check_stream(out, jobs):
    stream = parse_stream(out)
    assert stream.problems == []
    assert stream.done and out.endswith("# mmapcheck-done\n")
    assert out.count("# mmapcheck-done") == 1  # no file name brought its own
    assert stream.platform == {"os": "TestOS", "release": "1.2-test"}
    assert stream.planned == len(MAIN_CASES)
    ex = stream.executions
    assert sorted(ex) == MAIN_CASES  # not mmap/README, mmap/Upper, mmap/x.sh, nor the newline
    if jobs == "1":
        assert list(ex) == MAIN_CASES  # run in id order
    # ok numbering follows print order
    numbers = [int(n) for n in re.findall(r"^(?:not )?ok (\d+) ", out, re.M)]
    assert numbers == list(range(1, len(MAIN_CASES) + 1))

    assert ex["mmap/pass"].stdout == "KTAP version 1\n1..1\nok 1 fine\n"
    assert (ex["mmap/pass"].returncode, ex["mmap/pass"].problem, ex["mmap/pass"].stderr) == (0, None, "")
    assert ex["mmap/fail"].returncode == 1
    assert ex["mmap/fail"].stderr == "oops one\noops two\n"
    assert ex["mmap/skip"].returncode == 4
    assert re.search(r"^ok \d+ mmap/skip # SKIP no hugepages$", out, re.M)  # with the case's reason
    # No expected/ file beside this directory: nothing is a documented deviation.
    assert "# mmapcheck-judged: expected=none\n" in out and "XFAIL" not in out
    verdicts = {case_id: e.runner_verdict for case_id, e in ex.items()}
    assert verdicts["mmap/skip"] == "skip"
    # Misnamed result lines ("ok 1 fine"), a crash, left files, left processes,
    # output past the cap: errors, as mmapcheck/suite.py says.
    assert set(verdicts.values()) == {"skip", "error"}, verdicts
    assert ex["mmap/forker"].returncode == 0
    assert ex["mmap/forker"].problem == "left processes running after it exited; killed them"
    litter = ex["mmap/litter"]
    assert litter.leftover == ["junk1", "junk2"]
    assert litter.stdout.splitlines()[-4:-1] == ["cwd-is-tmpdir=1", "lc_all=C", "stdin=0"]
    # Names escaped: one "?" per byte that could break a line or a field.
    assert ex["mmap/litter-names"].leftover == ["esc??2J?", "z???mmapcheck-done"]
    assert ex["mmap/litter-names"].returncode == 0
    chatty = ex["mmap/chatty"]
    # Stopped by SIGPIPE once the runner had taken what it keeps.
    assert chatty.returncode == -signal.SIGPIPE and chatty.problem == f"printed more than {OUTPUT_LIMIT} bytes"
    # whole lines up to the limit: runner.sh reads lines with the shell's builtin
    assert OUTPUT_LIMIT - 200 < len(chatty.stdout) <= OUTPUT_LIMIT and chatty.stdout.endswith("\n")
    assert chatty.stdout.startswith("0" * 99 + "\n" + "0" * 98 + "1\n")
    # A case that ignores SIGPIPE sees its writes fail past the cap (plus what
    # a pipe holds): the runner never stores more, on either stream.
    for case_id, report in (("mmap/flood-out", "stderr"), ("mmap/flood-err", "stdout")):
        flood = ex[case_id]
        written = int(re.search(r"written=(\d+)", getattr(flood, report)).group(1))
        assert OUTPUT_LIMIT <= written < OUTPUT_LIMIT + (1 << 20), case_id
        assert flood.returncode == 0
    assert ex["mmap/flood-out"].problem == f"printed more than {OUTPUT_LIMIT} bytes"
    assert ex["mmap/flood-out"].stdout == ""  # one line of 64 MiB: no whole line within the cap
    assert re.search(r"^# mmapcheck-exit: mmap/flood-err .* stderr=truncated$", out, re.M)
    assert len(ex["mmap/flood-err"].stderr) <= OUTPUT_LIMIT
    assert ex["mmap/flood-err"].problem == f"printed more than {OUTPUT_LIMIT} bytes on stderr"
    assert ex["misc/segv"].returncode == -signal.SIGSEGV
    assert ex["misc/segv"].stdout == "KTAP version 1\n"
    for case_id, e in ex.items():
        assert e.duration_s >= 0, case_id
        if not case_id.startswith("mmap/litter"):
            assert e.leftover == [], case_id


def check_hang(out):
    """The hanging case, run alone with -t 1: killed at its timeout."""
    stream = parse_stream(out)
    assert stream.problems == [] and stream.done
    hang = stream.executions[HANG]
    assert hang.returncode is None and hang.stdout == "KTAP version 1\n"
    assert hang.problem == "timed out after 1 s; process group killed"
    # Not before the timeout; the upper bound only says that it was the
    # timeout (the case would never end), however slow the machine.
    assert 0.99 <= hang.duration_s < 60
    assert "not ok 1 mmap/hang # timed out after 1 s\n" in out


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("shell", list(SHELLS))
def test_stream(runs, cases_dir, shell, jobs):
    if not have(shell):
        pytest.skip(f"no {shell}: apt-get install {'busybox-static' if shell == 'busybox' else 'dash'}")
    for kind, check in (("main", lambda out: check_stream(out, jobs)), ("hang", check_hang)):
        returncode, out, err, scratch = runs[shell, jobs, kind]
        assert (returncode, err) == (0, "")
        check(out)
        assert os.listdir(scratch) == []  # scratch dirs and FIFOs removed
    assert gone_cases(cases_dir) == []


def test_cases_run_without_core_dumps(runs):
    """The runs' parent allows core dumps (raise_core_limit); the cases see 0."""
    if resource.getrlimit(resource.RLIMIT_CORE)[1] == 0:
        pytest.skip("the hard core-size limit is 0 here: nothing to lower")
    for key, (returncode, out, err, scratch) in runs.items():
        if key[2] == "main":
            litter = parse_stream(out).executions["mmap/litter"]
            assert litter.stdout.splitlines()[-1] == "core-soft-limit=0", key


def test_case_ids_and_no_platform_info(cases_dir, tmp_path):
    out = subprocess.run(["sh", str(RUNNER), "-t", GENEROUS, str(cases_dir), "mmap/fail", "mmap/pass",
                          "no/such"], capture_output=True, text=True, timeout=LONG_WAIT, cwd=tmp_path).stdout
    stream = parse_stream(out)
    assert list(stream.executions) == ["mmap/fail", "mmap/pass", "no/such"]  # the order given
    assert stream.executions["no/such"].returncode == 127
    assert "not ok 3 no/such # error no KTAP version line\n" in out and stream.done and stream.problems == []


@pytest.mark.parametrize("args", [
    ["-t", "99999999999999999999"], ["-t", "86401"], ["-t", "86400.5"], ["-t", "0"], ["-t", "0.0"],
    ["-t", "-1"], ["-t", "1e3"], ["-t", "1.2.3"], ["-t", ".5"], ["-t", "1.0001"], ["-t", "08"], ["-t", ""],
    ["-j", "0"], ["-j", "1025"], ["-j", "99999999999999999999"], ["-j", "08"], ["-j", "two"], ["-j", ""],
    ["-x"], ["-t"],
    ["CASES", "mmap/pass", "mmap/Pass"], ["CASES", "mmap/pass/x"], ["CASES", "../mmap/pass"],
    ["CASES", "mmap/"], ["CASES", "/mmap/pass"], ["CASES", "mmap/pass\n# mmapcheck-done"], ["CASES", "pass"]])
@pytest.mark.parametrize("shell", list(SHELLS))
def test_bad_arguments_are_one_line_of_usage_and_exit_2(cases_dir, tmp_path, shell, args):
    if not have(shell):
        pytest.skip(f"no {shell}")
    args = [str(cases_dir) if a == "CASES" else a for a in args]
    if "CASES" not in args and str(cases_dir) not in args:
        args = args + [str(cases_dir), "mmap/pass"]
    proc = subprocess.run(SHELLS[shell] + [str(RUNNER), "-s", str(tmp_path), *args], capture_output=True,
                          text=True, timeout=LONG_WAIT, cwd=tmp_path)
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr.startswith("usage: sh runner.sh ") and proc.stderr.count("\n") == 1, proc.stderr
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("shell", list(SHELLS))
def test_runner_sh_without_its_printer_beside_it_says_so_in_one_line_and_exits_2(cases_dir, tmp_path, shell):
    if not have(shell):
        pytest.skip(f"no {shell}")
    alone = tmp_path / "alone"
    alone.mkdir()
    shutil.copy(RUNNER, alone)
    proc = subprocess.run(SHELLS[shell] + [str(alone / "runner.sh"), "-s", str(tmp_path), str(cases_dir)],
                          capture_output=True, text=True, timeout=LONG_WAIT)
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr == f"runner.sh: no {alone}/runner-printer.awk: it goes beside runner.sh\n"
    assert os.listdir(tmp_path) == ["alone"]


@pytest.mark.parametrize("timeout", ["1", "0.5", "86400", "2.25", "10.000"])
def test_good_timeouts_are_taken(cases_dir, tmp_path, timeout):
    out = subprocess.run(["sh", str(RUNNER), "-t", timeout, "-s", str(tmp_path), str(hang_dir(cases_dir)),
                          "no/such"], capture_output=True, text=True, timeout=LONG_WAIT, cwd=tmp_path)
    assert out.returncode == 0 and parse_stream(out.stdout).done, out.stderr


def test_scratch_dir_name_is_escaped(cases_dir, tmp_path):
    scratch = tmp_path / "s\n# mmapcheck-done\x1b"
    scratch.mkdir()
    out = subprocess.run(["sh", str(RUNNER), "-t", GENEROUS, "-s", str(scratch), str(cases_dir), "mmap/pass"],
                         capture_output=True, text=True, timeout=LONG_WAIT, cwd=tmp_path).stdout
    stream = parse_stream(out)
    assert stream.scratch["dir"] == str(tmp_path) + "/s???mmapcheck-done?"
    assert stream.done and stream.problems == [] and out.count("# mmapcheck-done") == 1
    assert os.listdir(scratch) == []


# What belongs to one run: every process with its token in its environment,
# which all it starts inherit (the lanes, the cases, the printer).
TOKEN = "MMAPCHECK_TEST_RUN"


def processes_of(token):
    """Live (not zombie) processes of the run marked with token: {pid: command}."""
    found = {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/environ", "rb") as f:
                if f"{TOKEN}={token}".encode() not in f.read().split(b"\0"):
                    continue
            state = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[0]
            command = open(f"/proc/{pid}/cmdline", "rb").read().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if state != "Z":
            found[int(pid)] = command
    return found


def gone(token, wait=30):
    """The run's processes once they are all gone, or those left after `wait`
    seconds: a KILLed process is dying, not dead, when kill() returns; a leaked
    one never goes."""
    deadline = time.monotonic() + wait
    while (left := processes_of(token)) and time.monotonic() < deadline:
        time.sleep(0.1)
    return left


def all_shells(tmp_path):
    shells = {name: (argv, None) for name, argv in SHELLS.items() if have(name)}
    if shutil.which("bash"):
        shells["bash"] = (["bash"], None)
    return shells


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="reads /proc")
def test_no_process_outlives_a_run(cases_dir, tmp_path):
    """Once the stream has ended and the runner exited, nothing of the run is
    left (the lanes, the cases, the printer), run after run."""
    for name, (argv, env) in all_shells(tmp_path).items():
        for i in range(8):
            token = uuid.uuid4().hex
            proc = subprocess.Popen(argv + [str(RUNNER), "-j", "2", "-t", GENEROUS, "-s", str(tmp_path),
                                            str(cases_dir), "mmap/pass", "mmap/forker", "mmap/litter"],
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path,
                                    env=dict(env or os.environ, **{TOKEN: token}))
            out, err = proc.communicate(timeout=LONG_WAIT)
            assert (proc.returncode, err) == (0, b""), name
            assert out.endswith(b"# mmapcheck-done\n")
            assert gone(token) == {}, (name, i)


def children(pid):
    return [int(p) for p in filter(str.isdigit, os.listdir("/proc"))
            if _ppid(p) == pid]


def _ppid(pid):
    try:
        return int(open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return None


def _state(pid):
    try:
        return open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return None


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="reads /proc")
@pytest.mark.parametrize("shell", list(SHELLS))
def test_a_lane_ending_while_the_printer_waits_for_its_reader_costs_no_line(cases_dir, tmp_path, shell):
    """The printer blocks on a full pipe (as on a slow serial or hypervisor
    console in a guest) when a lane ends.  That exit, a SIGCHLD, must not cost
    a line: busybox ash's handler lacks SA_RESTART, so the blocked write
    returns EINTR and printf drops what it was writing."""
    if not have(shell):
        pytest.skip(f"no {shell}")
    if not _wchan_is_told():
        pytest.skip("this kernel does not say where a process waits (/proc/PID/wchan)")
    gate = tmp_path / "gate"
    os.mkfifo(gate)
    ids = ["mmap/chatty", "mmap/gate"]  # 1 MiB of output, past the pipe's 64 KiB; a case held open
    proc = subprocess.Popen(SHELLS[shell] + [str(RUNNER), "-j", "2", "-t", GENEROUS, "-s", str(tmp_path),
                                              str(cases_dir)] + ids,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path,
                            env=dict(os.environ, GATE=str(gate)))
    try:
        deadline = time.monotonic() + LONG_WAIT
        # The printer (the runner's shell, or a child of it) waits for us.
        while not any("pipe_write" in _wchan(p) for p in [proc.pid] + children(proc.pid)):
            assert time.monotonic() < deadline and proc.poll() is None
            time.sleep(0.01)
        with open(gate, "w"):
            pass  # the gated case ends, and its lane after it
        # The pipe stays full until the lanes have exited, or are waiting
        # to: a lane of this runner.sh waits for the printer (3 s bound that).
        settled = time.monotonic() + 3
        while time.monotonic() < settled and any(_state(c) not in (None, "Z") for c in children(proc.pid)):
            time.sleep(0.01)
        out, err = proc.communicate(timeout=LONG_WAIT)
    finally:
        proc.kill()
    stream = parse_stream(out.decode(errors="replace"))
    assert (proc.returncode, err, stream.problems) == (0, b"", [])
    assert sorted(stream.executions) == ids and stream.done


def _wchan_is_told():
    with subprocess.Popen(["sleep", "60"]) as sleeper:
        try:
            deadline = time.monotonic() + 5
            while time.monotonic() < deadline:
                if _wchan(sleeper.pid) not in ("", "0"):
                    return True
                time.sleep(0.01)
            return False
        finally:
            sleeper.kill()


def _wchan(pid):
    try:
        return open(f"/proc/{pid}/wchan").read()
    except OSError:
        return ""


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="reads /proc")
def test_a_lane_killed_outright_leaves_its_case_to_the_runner_s_cleanup(cases_dir, tmp_path):
    """A lane killed outright leaves its case running: the runner, once
    stopped, kills the case's group, whose id the lane left in its "running"."""
    for name, (argv, env) in all_shells(tmp_path).items():
        token = uuid.uuid4().hex
        ready = tmp_path / f"ready-{name}"
        os.mkfifo(ready)
        proc = subprocess.Popen(argv + [str(RUNNER), "-j", "1", "-t", GENEROUS, "-s", str(tmp_path),
                                        str(hang_dir(cases_dir)), HANG],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path,
                                env=dict(env or os.environ, HANG_READY=str(ready), **{TOKEN: token}))
        with open(ready) as fifo:  # returns at the hanging case's fclose(): it runs
            fifo.read()
        (lane,) = [p for p in children(proc.pid) if p in processes_of(token) and children(p)]  # not the printer
        os.kill(lane, signal.SIGKILL)
        proc.terminate()  # the printer waits for the dead lane's block forever
        proc.communicate(timeout=LONG_WAIT)
        try:
            assert gone(token) == {}, name
        finally:  # what a failure leaves, this test started
            for pid in processes_of(token):
                os.kill(pid, signal.SIGKILL)


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="reads /proc")
def test_a_runner_killed_outright_leaves_nothing_past_the_timeout(cases_dir, tmp_path):
    """The runner's shells killed with KILL (no trap runs): its lane ends the
    case at its timeout, and itself after it; the printer ends with them."""
    for name, (argv, env) in all_shells(tmp_path).items():
        token = uuid.uuid4().hex
        ready = tmp_path / f"ready-{name}"
        os.mkfifo(ready)
        proc = subprocess.Popen(argv + [str(RUNNER), "-j", "1", "-t", "2", "-s", str(tmp_path),
                                        str(hang_dir(cases_dir)), HANG],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path,
                                env=dict(env or os.environ, HANG_READY=str(ready), **{TOKEN: token}))
        try:
            with open(ready) as fifo:  # returns at the hanging case's fclose(): it runs
                fifo.read()
            shells = [p for p, command in processes_of(token).items()
                      if _exe(p) not in ("run-lane", "hang") and not command.startswith("awk ")]
            assert proc.pid in shells, name  # and the printer's shell, before it has become awk
            for pid in shells:
                os.kill(pid, signal.SIGKILL)
            assert gone(token) == {}, name  # before reading: a printer left would hold stdout open
            proc.communicate(timeout=LONG_WAIT)
        finally:  # what a failure leaves, this test started
            for pid in processes_of(token):
                os.kill(pid, signal.SIGKILL)


def _exe(pid):
    try:
        return os.path.basename(os.readlink(f"/proc/{pid}/exe"))
    except OSError:
        return None


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_interrupt_leaves_nothing(cases_dir, tmp_path, sig):
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    for shell in SHELLS:
        if not have(shell):
            continue
        ready = tmp_path / f"ready-{shell}"
        os.mkfifo(ready)
        proc = run(SHELLS[shell] + [str(RUNNER), "-j", "2", "-t", GENEROUS, "-s", str(scratch),
                                    str(hang_dir(cases_dir)), "mmap/hang", "mmap/hang"], scratch,
                   env=dict(os.environ, HANG_READY=str(ready)))
        with open(ready) as fifo:  # returns at the hanging case's fclose(): it runs
            fifo.read()
        assert [p for p in leftover_processes(cases_dir) if "hang" in p[1]]
        proc.send_signal(sig)
        out, err = proc.communicate(timeout=LONG_WAIT)
        assert proc.returncode == 128 + sig, (shell, err)
        assert "# mmapcheck-done" not in out
        assert os.listdir(scratch) == [], shell
        assert gone_cases(cases_dir) == [], shell


@pytest.mark.parametrize("shell", SHELLS)
def test_a_signal_while_the_lanes_start_leaves_no_lane_running(cases_dir, tmp_path, shell):
    """TERM the moment the first lane runs, while the shell starts the others:
    a lane started but not yet in the shell's list was never stopped, and
    the runner waited for its hanging case for ever."""
    if not have(shell):
        pytest.skip(f"no {shell}")
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    for attempt in range(10):
        proc = run(SHELLS[shell] + [str(RUNNER), "-j", "8", "-t", GENEROUS, "-s", str(scratch),
                                    str(hang_dir(cases_dir))] + ["mmap/hang"] * 8, scratch)
        deadline = time.monotonic() + LONG_WAIT
        while not any(_exe(p) == "run-lane" for p in children(proc.pid)) and proc.poll() is None:
            assert time.monotonic() < deadline, "no lane started"
        proc.send_signal(signal.SIGTERM)
        try:
            proc.communicate(timeout=120)  # at once, when it works; generous for a loaded machine
        except subprocess.TimeoutExpired:
            pytest.fail(f"attempt {attempt}: the runner did not end after TERM: it waits for a lane "
                        "it did not stop")
        finally:
            proc.kill()
            proc.wait()  # not communicate(): a lane left running holds the pipes open
            left = gone_cases(cases_dir, wait=5 if proc.returncode == -signal.SIGKILL else 30)
            for pid, _ in left:
                os.kill(int(pid), signal.SIGKILL)
            proc.stdout.close()
            proc.stderr.close()
        assert proc.returncode == 128 + signal.SIGTERM, attempt
        assert left == [], attempt
        assert os.listdir(scratch) == [], attempt


def gone_cases(cases_dir, wait=30):
    deadline = time.monotonic() + wait
    while (left := leftover_processes(cases_dir)) and time.monotonic() < deadline:
        time.sleep(0.1)
    return left


def test_no_bashisms():
    if not shutil.which("checkbashisms"):
        pytest.skip("no checkbashisms: apt-get install devscripts")
    proc = subprocess.run(["checkbashisms", "-x", str(RUNNER)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr

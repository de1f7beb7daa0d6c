"""runner.sh under dash and busybox ash: tiny C cases covering every status,
stderr, leftovers and timeouts, parsed back with mmapcheck.stream."""

import os
import re
import shutil
import signal
import subprocess
from pathlib import Path

import pytest

from mmapcheck.execute import OUTPUT_LIMIT
from mmapcheck.stream import parse_stream

RUNNER = Path(__file__).resolve().parent.parent / "runner.sh"

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
                   r' printf("stdin=%d\n", (int)read(0, p, 1)); return 0;',
    "mmap/chatty": r'for (int i = 0; i < 11000; i++) printf("%099d\n", i); return 0;',
    "misc/segv": r'puts("KTAP version 1"); fflush(stdout); *(volatile int *)0 = 1; return 0;',
}

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
        c.write_text("#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>\n"
                     "#include <unistd.h>\nint main(void) { " + body + " }\n")
        out = root / "cases" / case_id
        out.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(["cc", "-o", str(out), str(c)], check=True)
    info = root / "cases" / "platform-info"
    info.write_text("#!/bin/sh\necho os=TestOS\necho not a pair\nprintf release=1.2-test\n")  # no final newline
    info.chmod(0o755)
    (root / "cases" / "mmap" / "README").write_text("not executable: not a case\n")
    return root / "cases"


def run(argv, scratch, env=None):
    return subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env, cwd=scratch)


def job_shell_setup(tmp_path):
    """Where setsid(1) is missing, a fresh `sh -c 'set -m ...'` makes the group
    (FreeBSD sh); bash stands in for it here, and PATH holds busybox's applets
    only, so the script needs nothing else.  Returns (argv, env) or None."""
    if not (have("busybox") and shutil.which("bash") and shutil.which("dash")):
        return None
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    busybox = shutil.which("busybox")
    for applet in subprocess.run([busybox, "--list"], capture_output=True, text=True).stdout.split():
        if applet not in ("setsid", "sh"):
            (bin_dir / applet).symlink_to(busybox)
    (bin_dir / "sh").symlink_to(shutil.which("bash"))
    return [shutil.which("dash")], dict(os.environ, PATH=str(bin_dir))


@pytest.fixture(scope="module")
def runs(cases_dir, tmp_path_factory):
    """Every shell x -j 1/2 and the job-shell fallback, run together (output to
    files, so that none waits for its pipe to be read): the module takes ~1 s."""
    configs = {(shell, jobs): (SHELLS[shell], None) for shell in SHELLS if have(shell) for jobs in "12"}
    job_shell = job_shell_setup(tmp_path_factory.mktemp("job-shell"))
    if job_shell:
        configs["job-shell", "2"] = job_shell
    procs = {}
    for (name, jobs), (shell, env) in configs.items():
        scratch = tmp_path_factory.mktemp(f"scratch-{name}-{jobs}")
        out = tmp_path_factory.mktemp(f"out-{name}-{jobs}")
        argv = shell + [str(RUNNER), "-j", jobs, "-t", "1", "-s", str(scratch), str(cases_dir)]
        with open(out / "stdout", "w") as stdout, open(out / "stderr", "w") as stderr:
            proc = subprocess.Popen(argv, stdout=stdout, stderr=stderr, cwd=scratch, env=env)
        procs[name, jobs] = (proc, scratch, out)
    results = {}
    for key, (proc, scratch, out) in procs.items():
        proc.wait(timeout=30)
        results[key] = (proc.returncode, (out / "stdout").read_text(), (out / "stderr").read_text(), scratch)
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
        if exe.startswith(str(cases_dir)) and state != "Z":
            found.append((pid, exe))
    return found


def check_stream(out, jobs):
    stream = parse_stream(out)
    assert stream.problems == []
    assert stream.done and out.endswith("# mmapcheck-done\n")
    assert stream.platform == {"os": "TestOS", "release": "1.2-test"}
    assert stream.planned == len(CASES)
    ex = stream.executions
    assert sorted(ex) == sorted(CASES)
    if jobs == "1":
        assert list(ex) == sorted(CASES)  # run in id order
    # ok numbering follows print order
    numbers = [int(n) for n in re.findall(r"^(?:not )?ok (\d+) ", out, re.M)]
    assert numbers == list(range(1, len(CASES) + 1))

    assert ex["mmap/pass"].stdout == "KTAP version 1\n1..1\nok 1 fine\n"
    assert (ex["mmap/pass"].returncode, ex["mmap/pass"].problem, ex["mmap/pass"].stderr) == (0, None, "")
    assert ex["mmap/fail"].returncode == 1
    assert ex["mmap/fail"].stderr == "oops one\noops two\n"
    assert ex["mmap/skip"].returncode == 4
    assert "\nok " in out and "mmap/skip # SKIP\n" in out
    hang = ex["mmap/hang"]
    assert hang.returncode is None and hang.stdout == "KTAP version 1\n"
    assert hang.problem == "timed out after 1 s; process group killed"
    assert 0.9 <= hang.duration_s < 3
    assert "mmap/hang # timed out after 1 s\n" in out
    assert ex["mmap/forker"].returncode == 0
    assert ex["mmap/forker"].problem == "left processes running after it exited; killed them"
    litter = ex["mmap/litter"]
    assert litter.leftover == ["junk1", "junk2"]
    assert litter.stdout.splitlines()[-3:] == ["cwd-is-tmpdir=1", "lc_all=C", "stdin=0"]
    chatty = ex["mmap/chatty"]
    assert chatty.returncode == 0 and chatty.problem == f"printed more than {OUTPUT_LIMIT} bytes"
    # whole lines up to the limit: runner.sh reads lines with the shell's builtin
    assert OUTPUT_LIMIT - 200 < len(chatty.stdout) <= OUTPUT_LIMIT and chatty.stdout.endswith("\n")
    assert chatty.stdout.startswith("0" * 99 + "\n" + "0" * 98 + "1\n")
    assert ex["misc/segv"].returncode == -signal.SIGSEGV
    assert ex["misc/segv"].stdout == "KTAP version 1\n"
    for case_id, e in ex.items():
        assert 0 <= e.duration_s < 3, case_id
        if case_id != "mmap/litter":
            assert e.leftover == [], case_id


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("shell", list(SHELLS))
def test_stream(runs, cases_dir, shell, jobs):
    if not have(shell):
        pytest.skip(f"no {shell}: apt-get install {'busybox-static' if shell == 'busybox' else 'dash'}")
    returncode, out, err, scratch = runs[shell, jobs]
    assert (returncode, err) == (0, "")
    check_stream(out, jobs)
    assert os.listdir(scratch) == []  # scratch dirs and FIFO removed
    assert leftover_processes(cases_dir) == []


def test_case_ids_and_no_platform_info(cases_dir, tmp_path):
    out = subprocess.run(["sh", str(RUNNER), str(cases_dir), "mmap/fail", "mmap/pass", "no/such"],
                         capture_output=True, text=True, timeout=30, cwd=tmp_path).stdout
    stream = parse_stream(out)
    assert list(stream.executions) == ["mmap/fail", "mmap/pass", "no/such"]  # the order given
    assert stream.executions["no/such"].returncode == 127
    assert "not ok 3 no/such\n" in out and stream.done and stream.problems == []


def test_job_shell_fallback(runs, cases_dir):
    if ("job-shell", "2") not in runs:
        pytest.skip("needs busybox, bash and dash")
    returncode, out, err, scratch = runs["job-shell", "2"]
    assert (returncode, err) == (0, "")
    check_stream(out, "2")
    assert os.listdir(scratch) == []
    assert leftover_processes(cases_dir) == []


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_interrupt_leaves_nothing(cases_dir, tmp_path, sig):
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    for shell in SHELLS:
        if not have(shell):
            continue
        ready = tmp_path / f"ready-{shell}"
        os.mkfifo(ready)
        proc = run(SHELLS[shell] + [str(RUNNER), "-j", "2", "-t", "20", "-s", str(scratch),
                                    str(cases_dir), "mmap/hang", "mmap/forker", "mmap/hang"], scratch,
                   env=dict(os.environ, HANG_READY=str(ready)))
        with open(ready) as fifo:  # returns at the hanging case's fclose(): it runs
            fifo.read()
        for line in proc.stdout:  # forker's result: its child was found and killed
            if line.startswith("ok 1 mmap/forker"):
                break
        assert [p for p in leftover_processes(cases_dir) if "hang" in p[1]]
        proc.send_signal(sig)
        out, err = proc.communicate(timeout=10)
        assert proc.returncode == 128 + sig, (shell, err)
        assert "# mmapcheck-done" not in out
        assert os.listdir(scratch) == [], shell
        assert leftover_processes(cases_dir) == [], shell


def test_no_bashisms():
    if not shutil.which("checkbashisms"):
        pytest.skip("no checkbashisms: apt-get install devscripts")
    proc = subprocess.run(["checkbashisms", "-x", str(RUNNER)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr

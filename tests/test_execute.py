"""Running one case binary: process group, private directory, timeout, output
limit, leftovers.  The 'binaries' here are small shell scripts that misbehave."""

import os
import select
import subprocess
import time

import pytest

from mmapcheck import cases, execute, ktap

PASS_KTAP = 'printf "KTAP version 1\\n1..1\\nok 1 x/y\\n"'


def script(tmp_path, body, name="case"):
    path = tmp_path / name
    path.write_text("#!/bin/sh\n" + body + "\n")
    path.chmod(0o755)
    return str(path)


def run(*args):
    ex = execute.execute(*args)
    return ex.stdout, ex.stderr, ex.returncode, ex.problem, ex.duration_s


def workdir(tmp_path):
    d = tmp_path / "work"
    d.mkdir()
    return d


def test_a_clean_case_runs_in_its_own_directory_with_tmpdir_there(tmp_path):
    wd = workdir(tmp_path)
    out, err, rc, problem, _ = run(
        [script(tmp_path, 'pwd; echo "$TMPDIR"; echo "${KSFT_TAP_LEVEL:-unset}"')], wd, 5)
    assert (rc, problem) == (0, None)
    assert out.split() == [str(wd), str(wd), "unset"]


def test_allocator_variables_are_withheld_from_cases_and_named(tmp_path, monkeypatch):
    monkeypatch.setenv("MALLOC_MMAP_THRESHOLD_", "4000000")
    monkeypatch.setenv("GLIBC_TUNABLES", "glibc.malloc.mmap_threshold=4000000")
    monkeypatch.setenv("MMAPCHECK_KEPT", "yes")
    execute.base_env.cache_clear()
    try:
        out, _, rc, problem, _ = run([script(
            tmp_path, 'echo "${MALLOC_MMAP_THRESHOLD_:-unset} ${GLIBC_TUNABLES:-unset} $MMAPCHECK_KEPT"')],
            workdir(tmp_path), 5)
    finally:
        execute.base_env.cache_clear()
    assert (rc, problem) == (0, None)
    assert out.split() == ["unset", "unset", "yes"]
    assert execute.withheld_env() == ["GLIBC_TUNABLES", "MALLOC_MMAP_THRESHOLD_"]


def test_a_hanging_case_is_killed_with_its_whole_group_at_the_timeout(tmp_path):
    pidfile = tmp_path / "grandchild"
    argv = [script(tmp_path, f'sleep 60 & echo $! > {pidfile}; {PASS_KTAP}; wait')]
    start = time.monotonic()
    out, _, rc, problem, _ = run(argv, workdir(tmp_path), 0.5)
    assert time.monotonic() - start < 30  # not the child's 60 s: a busy machine may take its time
    assert problem.startswith("timed out after 0.5 s; process group killed")
    assert rc == -9
    grandchild = int(pidfile.read_text())
    try:
        pidfd = os.pidfd_open(grandchild)
    except ProcessLookupError:
        return  # gone already
    try:  # the kill is asynchronous: the pidfd turns readable when the child has died
        assert select.select([pidfd], [], [], 30)[0], "the hanging case's child survived the timeout"
    finally:
        os.close(pidfd)


def test_a_case_that_leaves_a_child_running_is_flagged_and_the_child_killed(tmp_path):
    # The child keeps stdout open: the runner must not wait for its EOF.
    argv = [script(tmp_path, f'{PASS_KTAP}; sleep 60 &')]
    start = time.monotonic()
    out, _, rc, problem, _ = run(argv, workdir(tmp_path), 10)
    assert time.monotonic() - start < 30  # not the child's 60 s
    assert rc == 0
    assert problem == "left processes running after it exited; killed them"
    assert "ok 1 x/y" in out


def test_a_case_that_floods_stdout_is_stopped(tmp_path):
    argv = [script(tmp_path, 'yes "# flooding the runner"')]
    out, _, _, problem, _ = run(argv, workdir(tmp_path), 10)
    assert problem == f"printed more than {execute.OUTPUT_LIMIT} bytes"
    assert len(out) == execute.OUTPUT_LIMIT


def test_a_case_that_floods_stderr_is_stopped_and_what_it_kept_is_capped(tmp_path):
    argv = [script(tmp_path, f'head -c {8 * execute.OUTPUT_LIMIT} /dev/zero >&2; {PASS_KTAP}')]
    out, err, _, problem, _ = run(argv, workdir(tmp_path), 600)
    assert problem == f"printed more than {execute.OUTPUT_LIMIT} bytes on stderr"
    assert len(err) == execute.OUTPUT_LIMIT


def test_a_case_that_closes_stdout_early_is_an_error_not_a_hang(tmp_path):
    argv = [script(tmp_path, 'printf "KTAP version 1\\n1..1\\n"; exec >&-; exit 0')]
    out, _, rc, problem, _ = run(argv, workdir(tmp_path), 5)
    assert (rc, problem) == (0, None)
    assert ktap.classify("x/y", ktap.parse_ktap(out), rc) == ("error", "0 result lines, expected 1")


def test_a_crashing_case_reports_its_signal(tmp_path):
    argv = [script(tmp_path, 'printf "KTAP version 1\\n1..1\\n"; kill -SEGV $$')]
    out, _, rc, problem, _ = run(argv, workdir(tmp_path), 5)
    assert rc == -11 and problem is None
    assert ktap.classify("x/y", ktap.parse_ktap(out), rc) == ("error", "crashed: killed by SIGSEGV")


def test_a_missing_binary_is_a_problem_not_an_exception(tmp_path):
    _, _, rc, problem, _ = run([str(tmp_path / "absent")], workdir(tmp_path), 5)
    assert rc is None and problem.startswith("cannot execute")


def test_stderr_is_kept_apart_from_ktap(tmp_path):
    argv = [script(tmp_path, f'echo "a warning" >&2; {PASS_KTAP}')]
    out, err, rc, _, _ = run(argv, workdir(tmp_path), 5)
    assert err == "a warning\n"
    assert ktap.classify("x/y", ktap.parse_ktap(out), rc) == ("pass", "")


def test_misbehaving_cases_in_one_run_leave_the_others_unaffected(sandbox):
    bodies = {
        "mmap/zz-hangs": "int main(void) { mc_begin(); for (;;) pause(); }",
        "mmap/zz-floods": "int main(void) { mc_begin(); for (;;) mc_note(\"flooding the runner\"); }",
        "mmap/zz-crashes": "int main(void) { mc_begin(); raise(SIGSEGV); return mc_finish(); }",
        "mmap/zz-orphans": "int main(void) { mc_begin(); if (fork() == 0) { for (;;) pause(); }"
                           " return mc_finish(); }",
        "mmap/zz-closes-stdout": "int main(void) { mc_begin(); fclose(stdout); return 0; }",
    }
    for case_id, body in bodies.items():
        sandbox.add_case(case_id, body)
    proc = sandbox.run("run", "--timeout", "2", "mmap/zz-*", "mmap/len-zero-einval", "munmap/*")
    assert proc.returncode == 1
    reasons = {
        "mmap/zz-hangs": "timed out after 2 s; process group killed",
        "mmap/zz-floods": f"printed more than {execute.OUTPUT_LIMIT} bytes",
        "mmap/zz-crashes": "crashed: killed by SIGSEGV",
        "mmap/zz-orphans": "left processes running after it exited; killed them",
        "mmap/zz-closes-stdout": "0 result lines, expected 1",
    }
    lines = proc.stdout.splitlines()
    for case_id, reason in reasons.items():
        i = next(n for n, l in enumerate(lines) if l.startswith("ERROR") and l.split()[1] == case_id)
        assert reason in lines[i + 1], (case_id, lines[i + 1])
    passed = [l.split()[1] for l in lines if l.startswith("PASS")]
    assert "mmap/len-zero-einval" in passed
    munmap_cases = [c.id for c in cases.collect(sandbox.root / "cases") if c.call == "munmap"]
    assert sorted(p for p in passed if p.startswith("munmap/")) == munmap_cases


def test_a_case_registered_after_an_interrupt_killed_everything_is_killed_at_once(tmp_path):
    # The interleaving behind a Ctrl-C that waited for a case's timeout: the case
    # was already running (its process starts before execute() can register its
    # group) when the interrupt killed the groups registered so far.
    groups = execute.ProcessGroups()
    groups.kill_all()
    out, err, rc, problem, duration = run(
        [script(tmp_path, "echo started; exec sleep 30")], workdir(tmp_path), 20, None, groups)
    assert rc == -9 and duration < 10, (rc, problem, duration)
    assert not groups.pgids


# A case that needs CPU_NEED_S seconds of CPU time, whatever the load.
CPU_BOUND = ('exec python3 -c "import time\nwhile time.process_time() < {need}: pass\n'
             'print(\'KTAP version 1\\n1..1\\nok 1 x/y\')"')


@pytest.fixture
def one_busy_cpu():
    """This process and its children on one CPU, with more CPU-bound processes
    than that CPU can run at once: a busy machine made by the test itself."""
    if not os.path.exists("/proc/self/schedstat"):
        pytest.skip("no /proc/<pid>/schedstat: the timeout is wall-clock time here")
    cpus = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {min(cpus)})
    # Each in a session of its own, as the case is: with the scheduler's
    # autogroups, a session shares the CPU with other sessions, not its processes.
    hogs = [subprocess.Popen(["sh", "-c", "while :; do :; done"], start_new_session=True) for _ in range(6)]
    try:
        yield len(hogs)
    finally:
        for hog in hogs:
            hog.kill()
            hog.wait()
        os.sched_setaffinity(0, cpus)


def test_on_a_busy_machine_a_slow_case_does_not_time_out_but_a_hanging_one_does(tmp_path, one_busy_cpu):
    need = 0.5
    out, _, rc, problem, duration = run([script(tmp_path, CPU_BOUND.format(need=need), "slow")],
                                        workdir(tmp_path), 2)
    assert (rc, problem) == (0, None), out
    # Sharing its CPU with the hogs, the case took longer than its timeout on
    # the clock (else this test shows nothing): the time it waited did not count.
    assert duration > 2 > need * 2, duration
    start = time.monotonic()
    _, _, rc, problem, duration = run([script(tmp_path, "exec sleep 600", "hangs")], workdir(tmp_path / "work"), 2)
    assert rc == -9 and problem.startswith("timed out after 2 s; process group killed"), problem
    assert duration < 2 * execute.STARVED_FACTOR

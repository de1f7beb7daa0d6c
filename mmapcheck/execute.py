"""Running one case binary: its own process group and directory, a timeout,
an output cap, a clean environment, and what it left behind.

The timeout counts the case's own time: wall-clock time less the time its
processes were ready to run but waited for a CPU (Linux's run delay, from
/proc/<pid>/task/<tid>/schedstat).  A case that blocks forever waits for no
CPU and is stopped at the timeout as measured on a clock; a case that is slow
only because other programs hold the CPUs gets the time they took from it, up
to STARVED_FACTOR times the timeout, so that a busy machine does not turn its
verdict into a timeout.  A process of the case that has already exited no
longer counts, which only makes the timeout earlier.  Where no run delay can
be read (the BSDs, macOS), the timeout is wall-clock time."""

import contextlib
import dataclasses
import functools
import os
import re
import resource
import selectors
import signal
import subprocess
import threading
import time


OUTPUT_LIMIT = 1 << 20  # bytes a case may print on stdout, and again on stderr
STARVED_FACTOR = 10     # the timeout stretches for CPU starvation up to this many times itself


@dataclasses.dataclass
class Execution:
    """What running one case binary produced, on any target."""
    stdout: str = ""      # the case's KTAP
    stderr: str = ""
    returncode: int = None   # exit status; -N: killed by signal N; None: did not exit
    problem: str = None      # what the runner saw go wrong: a timeout, too much output, leftovers
    duration_s: float = 0.0
    leftover: list = dataclasses.field(default_factory=list)  # files left in its private directory
    runner_verdict: str = None  # runner.sh's own verdict for it (its ok line), when it ran there


def group_alive(pgid):
    try:
        os.killpg(pgid, 0)
        return True
    except (ProcessLookupError, PermissionError):
        return False


def cpu_wait_s(pgid):
    """Seconds the processes of group pgid have spent ready to run but waiting
    for a CPU (the sum of their threads' run delays), or None where the system
    does not say."""
    waited, seen = 0, False
    try:
        pids = [p for p in os.listdir("/proc") if p.isdigit()]
    except OSError:
        return None
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat", "rb") as f:
                fields = f.read().rpartition(b")")[2].split()
            if int(fields[2]) != pgid:  # state, ppid, pgrp
                continue
            for tid in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{tid}/schedstat", "rb") as f:
                    waited += int(f.read().split()[1])  # ns on the run queue
                    seen = True
        except (OSError, ValueError, IndexError):
            continue  # exited meanwhile, or no schedstat
    return waited / 1e9 if seen else None


def kill_group(pgid):
    try:
        os.killpg(pgid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


class ProcessGroups:
    """The process groups of the running cases, for an interrupt: kill_all()
    kills those added so far and any added after it.  A case's process runs
    (and may be seen running) before execute() can add it, so a snapshot of a
    plain set would miss it and leave it to its timeout."""

    def __init__(self):
        self.lock = threading.Lock()
        self.pgids = set()
        self.killed_all = False

    def add(self, pgid):
        with self.lock:
            if self.killed_all:
                kill_group(pgid)
            self.pgids.add(pgid)

    def discard(self, pgid):
        with self.lock:
            self.pgids.discard(pgid)

    def kill_all(self):
        with self.lock:
            self.killed_all = True
            for pgid in self.pgids:
                kill_group(pgid)


# Variables that replace or retune the C library's allocator and loader for every
# program: a case must see the platform's own, so the runner withholds them and
# the report names what it withheld.
WITHHELD_ENV = re.compile(r"^(MALLOC_\w*|GLIBC_TUNABLES|LD_PRELOAD|LD_AUDIT|KSFT_TAP_LEVEL)$")


def withheld_env():
    return sorted(k for k in os.environ if WITHHELD_ENV.match(k))


@functools.lru_cache(maxsize=None)
def base_env():
    """The cases' environment: ours, in the C locale, less what WITHHELD_ENV names."""
    env = {k: v for k, v in os.environ.items() if not WITHHELD_ENV.match(k)}
    env["LC_ALL"] = "C"
    return tuple(env.items())


@contextlib.contextmanager
def without_core_dumps():
    """While cases run: a case or probe child that dies of a signal leaves no
    core file in its directory, whatever core size the user allows (ulimit -c).
    The runner lowers its own soft limit, which every case inherits, and puts it
    back after: setting it in each child (a preexec_fn) makes subprocess fork()
    the whole runner instead of vfork(), which cost more than the cases' own
    run.  Lowering the soft limit needs no privilege."""
    soft, hard = resource.getrlimit(resource.RLIMIT_CORE)
    resource.setrlimit(resource.RLIMIT_CORE, (0, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_CORE, (soft, hard))


def execute(argv, workdir, timeout, env=None, groups=None):
    """Runs one case binary in its own process group and private directory.
    Returns an Execution.
    groups, if given (a ProcessGroups), holds the process groups running, for an interrupt."""
    env = dict(base_env(), TMPDIR=str(workdir), **(env or {}))
    start = time.monotonic()
    try:
        proc = subprocess.Popen(argv, cwd=workdir, env=env, stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                start_new_session=True)
    except OSError as e:
        return Execution(problem=f"cannot execute {argv[0]}: {e.strerror}")
    if groups is not None:
        groups.add(proc.pid)
    out, err, problem = bytearray(), bytearray(), None
    sel = selectors.DefaultSelector()
    # Past its limit on either stream the case is stopped: reading on would
    # keep unbounded output, and ignoring it would let the case run on.
    for stream, buf, name in ((proc.stdout, out, ""), (proc.stderr, err, " on stderr")):
        os.set_blocking(stream.fileno(), False)
        sel.register(stream, selectors.EVENT_READ, (buf, name))
    deadline, last_chance = start + timeout, start + timeout * STARVED_FACTOR
    while sel.get_map():
        exited = proc.poll() is not None
        for key, _ in sel.select(0 if exited else min(0.05, max(0, deadline - time.monotonic()))):
            data = key.fileobj.read(65536)
            buf, name = key.data
            if data:
                buf.extend(data)
                if len(buf) > OUTPUT_LIMIT:
                    problem = f"printed more than {OUTPUT_LIMIT} bytes{name}"
            elif data is not None:  # EOF
                sel.unregister(key.fileobj)
        if problem or exited:
            break  # what is left in the pipes was read above; a leftover child may hold them open
        now = time.monotonic()
        if now >= deadline:
            waited = cpu_wait_s(proc.pid) or 0
            if now < min(start + timeout + waited, last_chance):  # starved: give it back
                deadline = min(max(start + timeout + waited, now + 0.25), last_chance)
                continue
            problem = f"timed out after {timeout:g} s; process group killed"
            if waited >= 0.1:
                problem += f" (after {now - start:.1f} s, {waited:.1f} s of them waiting for a CPU)"
            break
    if proc.poll() is None:
        kill_group(proc.pid)
    returncode = proc.wait()
    duration = time.monotonic() - start
    if problem is None and group_alive(proc.pid):
        problem = "left processes running after it exited; killed them"
    kill_group(proc.pid)
    if groups is not None:
        groups.discard(proc.pid)
    sel.close()
    proc.stdout.close()
    proc.stderr.close()
    return Execution(out[:OUTPUT_LIMIT].decode(errors="replace"), err[:OUTPUT_LIMIT].decode(errors="replace"),
                     returncode, problem, duration)

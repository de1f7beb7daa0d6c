"""Targets whose cases are host processes (native, gvisor, qemu-user,
valgrind): each case runs through the target's command prefix, in parallel,
each in its own process group and private directory."""

import concurrent.futures
import itertools
import os
import shutil
import tempfile
import threading
from pathlib import Path

from .. import UsageError
from ..execute import ProcessGroups, execute, without_core_dumps
from . import Target


# How often the main thread wakes while it waits for a case.  A Ctrl-C that
# lands just before it blocks on a lock runs Python's handler only when that
# wait ends: for an untimed wait on a hanging case, at the case's timeout.
INTERRUPT_POLL_S = 0.1
# How often a case is started when its wrapper fails before the case begins
# (runsc's sandbox name taken by another sandbox at that moment).
WRAPPER_START_TRIES = 3


class ProcessTarget(Target):
    def wrap(self, argv):
        """The command that runs argv on this target."""
        return argv

    def exit_status(self, returncode):
        """The case's exit status from the wrapper's (a sandbox that reports a
        signal as 128+N maps it back to -N)."""
        return returncode

    def own_failure(self, stderr):
        """The wrapper's own failure named on the case's stderr (an emulator
        giving up), reported as such instead of as the case's missing result."""
        return None

    def never_started(self, ex):
        """Whether the wrapper failed before the case began (then running it
        again is safe: nothing of the case happened)."""
        return False

    def session(self, tc, timeout, env, jobs):
        return ProcessSession(self, tc, timeout, env, jobs)

    def target_facts(self):
        """What the report records about the target besides platform-info's lines."""
        return {}


class ProcessSession:
    def __init__(self, target, tc, timeout, env, jobs):
        self.target, self.tc, self.timeout, self.env, self.jobs = target, tc, timeout, env, jobs
        self.groups = ProcessGroups()  # process groups running, for an interrupt
        self.problems = []   # the target's own failures: none for a host process
        self.pool = None
        self.run_root = Path(tempfile.mkdtemp(prefix="mmapcheck-run-"))
        self.lane = threading.local()  # each lane's working directory, while no case changed it
        self.lanes_made = itertools.count()

    def __enter__(self):
        self.core_limit = without_core_dumps()
        self.core_limit.__enter__()
        return self

    def __exit__(self, *exc):
        self.core_limit.__exit__(*exc)
        self.groups.kill_all()
        if self.pool:
            self.pool.shutdown(wait=True, cancel_futures=True)
        shutil.rmtree(self.run_root, ignore_errors=True)

    def start(self, cases):
        """Nothing to prepare: each case starts when executions() reaches it."""

    def platform(self):
        """platform-info's key=value lines, run like a case so that an emulator
        reports its own facts (page size, machine, release)."""
        binary = self.tc.build_dir / "platform-info"
        workdir = self.run_root / "platform-info"
        workdir.mkdir()
        ex = execute(self.target.wrap([str(binary)]), workdir, 60, self.env, self.groups)
        if ex.problem or ex.returncode != 0:
            raise UsageError(f"cannot run {binary} on target {self.target.spec}: "
                             + (ex.problem or f"exit {ex.returncode}: {ex.stderr.strip()[-200:]}"))
        plat = dict(line.partition("=")[::2] for line in ex.stdout.splitlines() if "=" in line)
        plat.update(self.target.target_facts())
        return plat

    def executions(self, cases):
        """Yields (case, Execution) in the cases' order as each finishes."""
        self.pool = concurrent.futures.ThreadPoolExecutor(self.jobs)
        futures = [(case, self.pool.submit(self.run_one, case)) for case in cases]
        for case, fut in futures:
            while not fut.done():
                concurrent.futures.wait([fut], INTERRUPT_POLL_S)
            yield case, fut.result()

    def run_one(self, case):
        for attempt in range(1, WRAPPER_START_TRIES + 1):
            workdir = self.lane_dir()
            ex = execute(self.target.wrap([str(self.tc.build_dir / case.id)]), workdir,
                         self.timeout, self.env, self.groups)
            if attempt == WRAPPER_START_TRIES or not self.target.never_started(ex):
                break
            shutil.rmtree(workdir, ignore_errors=True)  # what the wrapper left: the case never ran
            self.lane.dir = None
        ex.returncode = self.target.exit_status(ex.returncode)
        ex.problem = ex.problem or self.target.own_failure(ex.stderr)
        try:
            ex.leftover = sorted(os.listdir(workdir))
            kept = not ex.leftover and identity(workdir) == self.lane.identity
        except OSError:  # the case removed or replaced its directory
            ex.leftover, kept = [], False
        if not kept:
            shutil.rmtree(workdir, ignore_errors=True)
            self.lane.dir = None
        return ex

    def lane_dir(self):
        """The lane's working directory: the next case gets the same one when the
        last left it as it was made (empty, same owner and mode, the same
        directory), else a new one.  Making and removing one per case cost a
        fifth of the runner's own time per case here."""
        if getattr(self.lane, "dir", None) is None:
            self.lane.dir = self.run_root / f"lane-{next(self.lanes_made)}"
            self.lane.dir.mkdir()
            self.lane.identity = identity(self.lane.dir)
        return self.lane.dir


def identity(directory):
    st = os.lstat(directory)
    return st.st_dev, st.st_ino, st.st_mode, st.st_uid, st.st_gid

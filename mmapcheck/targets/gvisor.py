"""The gVisor target: each case, natively built, runs in its own sandbox under
`runsc do`, so the memory calls are served by gVisor's sentry (pkg/sentry/mm),
not the host kernel.

How `runsc do` (Debian's runsc, 2022-12) behaves, measured here:
- it keeps its container state in a fresh ioutil.TempDir("", "runsc-do") and
  ignores --root (runsc/cmd/do.go: "Changing configuration RootDir"); with
  TMPDIR set to the case's private directory that state lives there, is
  removed by runsc on a normal exit and with the directory after a kill;
- the sandbox builds its chroot in TMPDIR after dropping privileges, so the
  case's directory must be reachable by others (session(): 0711);
- it writes no logs unless asked (--log, --debug-log);
- by default the host's root is read-only under an in-sandbox tmpfs overlay, so
  what a case writes is invisible to the runner; --force-overlay=false serves
  the host's files through the gofer instead: the case's cwd is its host
  directory and the runner sees what it left.  gVisor's /proc/mounts names that
  mount "9p": the scratch filesystem of this target;
- the sandbox runs in its own session (runsc-sandbox boot --attached) and dies
  with runsc do (parent-death signal), so killing the case's process group
  ends it; the ptrace platform's stub processes die with the sandbox;
- a case killed by signal N makes runsc do exit 128+N (exit_status() maps it
  back, so the verdict says "crashed" as it does natively);
- it names each sandbox "runsc-" and six random digits (runsc/cmd/do.go:
  fmt.Sprintf("runsc-%06d", rand.Int31n(1000000))) and binds an abstract
  control socket by that name (boot.ControlSocketAddr), so a sandbox starting
  while another of the same name runs anywhere on the machine fails before the
  case begins, exit 128 and "creating container: cannot create sandbox: ...
  address already in use" on stderr (seen once, two test runs side by side):
  never_started() lets the runner start the case again.
"""

import os
import re
import shutil
import signal
import subprocess

from .. import UsageError
from .process import ProcessTarget


RUNSC_FAILED = 128  # runsc do's exit status when it fails itself (measured: a bad --cwd, a missing binary)
GOFER_FS = "9p"  # what gVisor's /proc/mounts calls a mount served by the gofer


class Gvisor(ProcessTarget):
    kind = "gvisor"
    id_prefix = "gvisor"   # gVisor reports os Linux and release 4.4.0: not a Linux
    default_fs = GOFER_FS

    def __init__(self, spec):
        super().__init__(spec)
        self._version = None

    @property
    def version(self):
        """runsc's version, e.g. 0.0~20221219.0, or 'unknown'."""
        if self._version is None:
            try:
                out = subprocess.run(["runsc", "--version"], capture_output=True, text=True,
                                     timeout=10).stdout
            except (OSError, subprocess.TimeoutExpired):
                out = ""
            m = re.search(r"runsc version (\S+)", out)
            self._version = m.group(1) if m else "unknown"
        return self._version

    @property
    def id_suffix(self):
        # releases of gVisor all say 4.4.0: its own version keeps their reports apart
        return "runsc-" + re.sub(r"[^a-z0-9._]+", "-", self.version.lower().split("~")[-1])

    def wrap(self, argv):
        opts = ["--network=none",      # the sandbox network needs iptables; cases need none
                "--platform=ptrace"]   # works without KVM (this machine's /dev/kvm is not usable)
        if os.geteuid() != 0:
            opts.append("--rootless")
        return ["runsc", *opts, "do", "--force-overlay=false", "--quiet", *argv]

    def session(self, tc, timeout, env, jobs):
        session = super().session(tc, timeout, env, jobs)
        # The sandbox, no longer privileged, sets up its chroot in TMPDIR (the case's
        # directory, inside the session's 0700 directory): it must be able to reach it.
        os.chmod(session.run_root, 0o711)
        return session

    def exit_status(self, returncode):
        if returncode is not None and returncode > 128:
            try:
                return -signal.Signals(returncode - 128)
            except ValueError:
                pass
        return returncode

    def never_started(self, ex):
        return ex.returncode == RUNSC_FAILED and ex.stdout == "" and ex.stderr.startswith("creating container: ")

    def own_failure(self, stderr):
        for line in stderr.splitlines():
            if line.startswith(("creating container: ", "starting container: ")):
                return "runsc could not start the sandbox: " + line
        return None

    def target_facts(self):
        return {"tmpdir_fs": GOFER_FS, "gvisor_version": self.version, "gvisor_platform": "ptrace"}

    def check(self, tc):
        if not shutil.which("runsc"):
            raise UsageError("target gvisor needs: apt-get install runsc")

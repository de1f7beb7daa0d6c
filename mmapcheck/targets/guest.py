"""What the kernel targets (qemu, uml) share: an initramfs holding busybox,
the statically linked cases and runner.sh; one boot per run; the combined KTAP
stream read from the guest's own channel while it runs; and the guest's
failures (panic, hang, no done marker) as target problems, not verdicts."""

import os
import select
import shutil
import signal
import stat
import subprocess
import tempfile
import time
from pathlib import Path

from .. import EXPECTED_DIR, ROOT, UsageError
from ..build import HELPERS, Toolchain
from ..execute import OUTPUT_LIMIT
from ..kernel_image import run_helper
from ..stream import StreamParser

from . import Target

BUSYBOX = Path("/bin/busybox")
HANG_MARGIN_S = 60  # silence beyond a case's timeout that means the guest hung
BOOT_LIMIT_S = 180  # from start to the platform lines, under software emulation
# The guest is the run's own machine, so it may lower vm.max_map_count: the
# cases read the limit at run time, and making the default 65530 mappings
# takes 3-5 s per case under software emulation.  The report records it.
GUEST_MAX_MAP_COUNT = 2048
RESULTS_POLL_S = 0.02  # how often a results file is read while the guest writes nothing
STREAM_FRAMING_LIMIT = 1 << 20  # bytes of a stream's own lines, besides the cases' output
GUEST_LANES = 2  # both vCPUs; 3 lanes measured slower (9.1-9.4 s against 8.5 s for the suite on kernel:6.1)


def static_toolchain(tc):
    """musl-gcc -static: a few dozen KiB per case, so the initramfs stays small."""
    return Toolchain(cc="musl-gcc", cflags=tc.cflags + " -static", ksft_dir=tc.ksft_dir,
                     build_dir=tc.build_dir / "static-x86_64-musl")


def need(program, package):
    if not shutil.which(program):
        raise UsageError(f"{program} not found: apt-get install {package}")


class GuestTarget(Target):
    default_fs = "tmpfs"
    ktap_device = "/dev/ttyS1"  # the guest's channel for results, apart from its console
    uname = "x86_64"            # the guest's machine

    def __init__(self, spec, scratch="tmpfs", hugepages=0):
        super().__init__(spec)
        self.scratch, self.hugepages = scratch, hugepages

    def toolchain(self, tc):
        return static_toolchain(tc)

    def check(self, tc):
        need("musl-gcc", "musl-tools")
        self.check_busybox()
        if self.scratch == "ext4":
            need("mkfs.ext4", "e2fsprogs")

    def busybox(self):
        """The static busybox the guest runs as its shell and tools."""
        return BUSYBOX

    def check_busybox(self):
        path = self.busybox()
        if not is_static_elf(path):
            raise UsageError(f"no static busybox at {path}: apt-get install busybox-static")

    def kernel(self):
        raise NotImplementedError

    # Where the emulator writes the results: None for its stdout (a pipe), or
    # a file in the session's directory, which the session follows as it grows.
    results_file = None

    def command(self, kernel, initramfs, disk, cmdline):
        """The argv that boots the guest (in the session's directory), with
        results on its stdout or in results_file."""
        raise NotImplementedError

    channel_modules = ()  # what the guest loads before its results' channel exists

    def modules(self, kernel):
        """The .ko files the guest loads before running cases (built-in ones are left out)."""
        from ..kernel_modules import modules_for
        names = list(self.channel_modules)
        if self.scratch == "ext4":
            names += self.ext4_modules
        if not names:
            return []
        # crc32c_generic: ext4's soft dependency on 5.10-6.12 (the mount fails
        # without it); 7.2 has none of that name
        return modules_for(kernel, names, optional=["crc32c_generic"] if self.scratch == "ext4" else [])

    def session(self, tc, timeout, env, jobs):
        return GuestSession(self, tc, timeout, env, jobs)


def is_static_elf(path):
    """A 64-bit ELF file (either byte order: s390x is big-endian) with no
    PT_INTERP (no dynamic loader)."""
    try:
        data = path.read_bytes()
    except OSError:
        return False
    if data[:5] != b"\x7fELF\x02" or data[5] not in (1, 2):
        return False
    order = "little" if data[5] == 1 else "big"
    phoff = int.from_bytes(data[32:40], order)
    phentsize, phnum = int.from_bytes(data[54:56], order), int.from_bytes(data[56:58], order)
    return all(int.from_bytes(data[phoff + i * phentsize:][:4], order) != 3 for i in range(phnum))


# What a guest's init does first (also kirk_guest's): busybox's applets as
# commands, the kernel's filesystems.
BOOT_LINES = ("#!/bin/busybox sh",
              "/bin/busybox mkdir -p /usr/bin /sbin /usr/sbin",
              "/bin/busybox --install -s",
              "mount -t proc proc /proc; mount -t sysfs sys /sys; mount -t devtmpfs dev /dev",
              "mkdir -p /scratch /dev/shm; mount -t tmpfs shm /dev/shm")


def init_script(target, case_ids, timeout, jobs, modules):
    lines = list(BOOT_LINES)
    lines += [f"insmod /modules/{m.name}" for m in modules]
    if target.scratch == "ext4":
        lines.append(f"mount -t ext4 {target.disk_device} /scratch")
    else:
        lines.append("mount -t tmpfs scratch /scratch")
    lines.append(f"echo {GUEST_MAX_MAP_COUNT} > /proc/sys/vm/max_map_count")
    if target.hugepages:
        lines.append(f"echo {target.hugepages} > /proc/sys/vm/nr_hugepages")
    # A channel behind a module appears once its driver has probed the device.
    lines += [f"i=0; while [ ! -e {target.ktap_device} ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i+1)); done",
              f"stty -F {target.ktap_device} raw -echo 2>/dev/null",
              f"sh /runner.sh -j {jobs} -t {timeout:g} -s /scratch /cases {' '.join(case_ids)}"
              f" > {target.ktap_device} 2>/dev/console",
              "sync; poweroff -f"]
    return "\n".join(lines) + "\n"


def write_initramfs(path, files):
    """A newc cpio archive of {name: (mode, bytes)}: written here so that no
    cpio program is needed."""
    dirs = set()
    for name in files:
        parts = name.split("/")[:-1]
        dirs.update("/".join(parts[:i]) for i in range(1, len(parts) + 1))
    entries = [(d, stat.S_IFDIR | 0o755, b"") for d in sorted(dirs | {"dev", "proc", "sys", "tmp"})]
    entries += [(n, stat.S_IFREG | mode, data) for n, (mode, data) in sorted(files.items())]
    entries.append(("TRAILER!!!", 0, b""))
    with open(path, "wb") as f:
        for ino, (name, mode, data) in enumerate(entries, 1):
            fields = (ino, mode, 0, 0, 1, 0, len(data), 0, 0, 0, 0, len(name) + 1, 0)
            f.write(b"070701" + "".join(f"{v:08X}" for v in fields).encode() + name.encode() + b"\0")
            f.write(b"\0" * (-(110 + len(name) + 1) % 4))
            f.write(data)
            f.write(b"\0" * (-len(data) % 4))


class GuestSession:
    def __init__(self, target, tc, timeout, env, jobs):
        self.target, self.tc, self.timeout, self.jobs = target, tc, timeout, GUEST_LANES
        if env:
            raise UsageError(f"target {target.spec} cannot pass an environment to the cases "
                             f"({', '.join(env)})")
        self.problems, self.proc, self.parser = [], None, StreamParser()
        self.dir = Path(tempfile.mkdtemp(prefix="mmapcheck-guest-"))
        self.pending = []  # executions parsed but not yet yielded
        self.last_output = time.monotonic()
        self.results, self.results_size = None, 0  # the results file, once opened; bytes read from it

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        if self.proc:
            self.proc.wait()
            if self.proc.stdout:
                self.proc.stdout.close()
        if self.results:
            self.results.close()

    def start(self, cases):
        kernel = self.target.kernel()
        self.kernel = kernel
        modules = self.target.modules(kernel)
        files = {"bin/busybox": (0o755, self.target.busybox().read_bytes()),
                 "runner.sh": (0o755, (ROOT / "runner.sh").read_bytes()),
                 "runner-printer.awk": (0o644, (ROOT / "runner-printer.awk").read_bytes()),
                 # /cases/../expected/linux: runner.sh marks the documented deviations
                 "expected/linux": (0o644, (EXPECTED_DIR / "linux").read_bytes()),
                 **{"cases/" + h: (0o755, (self.tc.build_dir / h).read_bytes()) for h in HELPERS},
                 "init": (0o755, init_script(self.target, [c.id for c in cases], self.timeout,
                                             self.jobs, modules).encode())}
        for case in cases:
            files["cases/" + case.id] = (0o755, (self.tc.build_dir / case.id).read_bytes())
        for m in modules:
            files["modules/" + m.name] = (0o644, m.read_bytes())
        initramfs = self.dir / "initramfs.cpio"
        write_initramfs(initramfs, files)
        disk = None
        if self.target.scratch == "ext4":
            disk = self.dir / "scratch.img"
            run_helper(["mkfs.ext4", "-q", "-F", disk, "512M"])
        cmdline = "panic=-1 quiet"
        if self.target.hugepages:
            cmdline += f" hugepages={self.target.hugepages}"
        argv = self.target.command(kernel, initramfs, disk, cmdline)
        self.results_limit = (len(cases) + 1) * 2 * OUTPUT_LIMIT + STREAM_FRAMING_LIMIT
        to_pipe = self.target.results_file is None
        with open(self.dir / "stderr.txt", "wb") as stderr:
            self.proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL,
                                         stdout=subprocess.PIPE if to_pipe else subprocess.DEVNULL,
                                         stderr=stderr, start_new_session=True, cwd=self.dir)
        self.last_output = time.monotonic()
        if to_pipe:
            os.set_blocking(self.proc.stdout.fileno(), False)

    def read(self, limit):
        """Feeds the stream what the guest printed within limit seconds; False at its end."""
        data = self.read_pipe(limit) if self.target.results_file is None else self.read_file(limit)
        if not data:
            return data is None  # None: nothing yet; b"": the end
        self.last_output = time.monotonic()
        self.pending += self.parser.feed(data.decode(errors="replace")).items()
        return True

    def read_pipe(self, limit):
        """What the emulator wrote on its stdout: b"" at its end, None if nothing within limit s."""
        ready, _, _ = select.select([self.proc.stdout], [], [], limit)
        return self.proc.stdout.read(65536) if ready else None

    def read_file(self, limit):
        """What the emulator appended to the results file, polled: b"" once it
        has exited and all is read, None if nothing within limit s.  A file,
        not a pipe, because an emulator may drop what a full pipe refuses
        (qemu's virtio console does: hw/char/virtio-console.c flush_buf()),
        and a file never refuses."""
        deadline = time.monotonic() + limit
        while True:
            exited = self.proc.poll() is not None  # before the read: what it wrote is in the file
            if self.results is None:
                try:
                    fd = os.open(self.dir / self.target.results_file, os.O_RDONLY | os.O_NOFOLLOW)
                    self.results = os.fdopen(fd, "rb", buffering=0)
                except FileNotFoundError:
                    pass
            data = self.results.read(65536) if self.results else b""
            if data:
                self.results_size += len(data)
                if self.results_size > self.results_limit:
                    self.stop()  # bounded disk: an honest guest writes a fraction of this
                    self.problems.append(f"the guest wrote more than {self.results_limit} bytes of results")
                    return b""
                return data
            if exited:
                return b""
            if time.monotonic() >= deadline:
                return None
            time.sleep(RESULTS_POLL_S)

    def platform(self):
        deadline = time.monotonic() + BOOT_LIMIT_S
        while self.parser.stream.planned is None:
            if not self.read(1.0):
                self.fail("the guest ended before it started the cases")
                return self.host_view()
            if time.monotonic() > deadline:
                self.fail(f"the guest printed no plan within {BOOT_LIMIT_S} s")
                return self.host_view()
        plat = dict(self.parser.stream.platform)
        plat.update(self.target_facts())
        return plat

    def host_view(self):
        """What is known of the guest without it: the kernel package's release."""
        libc = "musl" if "musl" in self.tc.cc else "glibc"
        return dict(os="Linux", release=self.kernel.release, machine=self.target.uname, libc=libc,
                    uid="0", **self.target_facts())

    def target_facts(self):
        facts = {"tmpdir": "/scratch", "tmpdir_fs": self.target.scratch,
                 "max_map_count": str(GUEST_MAX_MAP_COUNT),
                 "hugepages": str(self.target.hugepages), "kernel": self.kernel.label}
        # What identifies a Debian kernel, which has no git commit (a KCIDB export's checkout)
        package, version = self.kernel.package() or ("", "")
        if package:
            facts["kernel_package"] = package
        if version:
            facts["kernel_package_version"] = version
        return facts

    def executions(self, cases):
        wanted = {c.id: c for c in cases}
        ended = False
        if self.problems:  # the guest failed before its first case
            return
        while True:
            while self.pending:
                cid, ex = self.pending.pop(0)
                if cid in wanted:
                    yield wanted.pop(cid), ex
            if ended:
                break
            if self.parser.stream.done:
                ended = True
            elif not self.read(1.0):
                ended = True
                self.fail("the guest ended before the done marker")
            elif time.monotonic() - self.last_output > self.timeout + HANG_MARGIN_S:
                ended = True
                self.fail(f"the guest hung: no output for {self.timeout + HANG_MARGIN_S:g} s")
            if ended:
                self.pending += self.parser.close().items()
                self.problems += [f"guest stream: {p}" for p in self.parser.stream.problems
                                  if not (self.problems and "done' marker" in p)]

    def fail(self, what):
        self.stop()
        self.problems.append(f"{what}; {self.console_tail()}")

    def console_tail(self):
        lines = []
        for name in ("console.txt", "stderr.txt"):  # the guest's console; the emulator's own messages
            try:
                text = (self.dir / name).read_text(errors="replace")
            except OSError:
                continue
            lines += [line.strip() for line in text.splitlines() if line.strip()]
        panic = [l for l in lines if "Kernel panic" in l or "BUG:" in l or "Oops" in l]
        shown = panic[:1] or lines[-1:]
        return "console: " + (shown[0][:200] if shown else "(empty)")

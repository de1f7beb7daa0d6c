"""kernel:VERSION[@ARCH]: a Debian kernel booted under qemu-system (software
emulation, both cores; KVM only for x86-64 where a real KVM module is loaded).
One launcher per Debian architecture (MACHINES): the machine and CPU, the
kernel's console, and the second channel the results come back on."""

import dataclasses
import os
import shutil
from pathlib import Path

from .. import UsageError
from ..build import Toolchain
from ..kernel_image import telling_line
from .guest import GuestSession, GuestTarget, need
from .qemu_user import ARCHES


def kvm_usable():
    """/dev/kvm alone is not enough: a paravirtual stand-in (kvm_pvm) hangs stock kernels."""
    return os.access("/dev/kvm", os.W_OK) and any(
        Path("/sys/module", m).exists() for m in ("kvm_intel", "kvm_amd"))


@dataclasses.dataclass(frozen=True)
class Machine:
    qemu: str            # qemu-system-*
    package: str         # the Debian package that has it
    uname: str           # uname -m in the guest; names the cross toolchain (qemu_user.ARCHES)
    board: tuple         # -M and -cpu (x86-64: chosen at run time, KVM or not)
    console: str         # the kernel's console, which qemu writes to console.txt
    ktap: tuple          # the devices of the results' channel, the chardev "ktap" (a file)
    ktap_device: str     # that channel in the guest
    disk: tuple          # the scratch disk's device, given "-drive ...,id=scratch,if=none"
    disk_device: str
    disk_modules: tuple  # what the guest loads to mount it as ext4 (module names)
    channel_modules: tuple = ()  # what the guest loads for the results' channel


# The results travel apart from the console, so that kernel messages never
# split a KTAP line: on x86-64 a second 16550, elsewhere a virtio console (the
# boards have one UART) or, on pseries, a second hypervisor terminal.
VIRTIO_CONSOLE_MMIO = ("-device", "virtio-serial-device", "-device", "virtconsole,chardev=ktap")
MACHINES = {
    "amd64": Machine("qemu-system-x86_64", "qemu-system-x86", "x86_64", (), "ttyS0",
                     ("-serial", "chardev:ktap"), "/dev/ttyS1",
                     ("-device", "virtio-blk-pci,drive=scratch"), "/dev/vda",
                     ("virtio_pci", "virtio_blk", "ext4")),
    "arm64": Machine("qemu-system-aarch64", "qemu-system-arm", "aarch64",
                     # pauth-impdef: -cpu max is 4-5 times slower with the architected
                     # pointer-authentication algorithm; cortex-a57 has no 16K pages
                     ("-M", "virt", "-cpu", "max,pauth-impdef=on"), "ttyAMA0",
                     VIRTIO_CONSOLE_MMIO, "/dev/hvc0",
                     ("-device", "virtio-blk-device,drive=scratch"), "/dev/vda",
                     ("virtio_mmio", "virtio_blk", "ext4"), ("virtio_mmio", "virtio_console")),
    "ppc64el": Machine("qemu-system-ppc64", "qemu-system-ppc", "ppc64le",
                       # x-vof: no SLOF firmware (10 s less per boot); the cap-* only
                       # silence warnings about speculation mitigations TCG lacks
                       ("-M", "pseries,x-vof=on,cap-cfpc=broken,cap-sbbc=broken,cap-ibs=broken,"
                        "cap-ccf-assist=off", "-cpu", "power9"), "hvc0",
                       ("-device", "spapr-vty,chardev=ktap"), "/dev/hvc1",
                       ("-device", "virtio-blk-pci,drive=scratch"), "/dev/vda",
                       ("virtio_pci", "virtio_blk", "ext4")),
    "s390x": Machine("qemu-system-s390x", "qemu-system-misc", "s390x",
                     ("-M", "s390-ccw-virtio", "-cpu", "max"), "ttysclp0",
                     ("-device", "virtio-serial-ccw", "-device", "virtconsole,chardev=ktap"), "/dev/hvc0",
                     ("-device", "virtio-blk-ccw,drive=scratch"), "/dev/vda",
                     ("virtio_blk", "ext4"), ("virtio_console",)),
    "riscv64": Machine("qemu-system-riscv64", "qemu-system-misc", "riscv64",
                       ("-M", "virt", "-cpu", "rv64", "-bios", "default"), "ttyS0",
                       VIRTIO_CONSOLE_MMIO, "/dev/hvc0",
                       ("-device", "virtio-blk-device,drive=scratch"), "/dev/vda",
                       ("virtio_mmio", "virtio_blk", "ext4"), ("virtio_mmio", "virtio_console")),
}


# Built with glibc (static, stripped: 220 MiB for the suite, which a 1 GiB
# guest's initramfs still holds): bookworm's riscv64 cross linker (binutils
# 2.40) dies of SIGSEGV on trixie's musl-dev libc.a, and no older musl-dev has riscv64.
GLIBC_ONLY = ("riscv64",)


def split_version(spec, arg):
    """kernel:6.12-16k@arm64 -> ("6.12-16k", "arm64"); no @: amd64."""
    version, _, arch = arg.partition("@")
    arch = arch or "amd64"
    if arch not in MACHINES:
        raise UsageError(f"target {spec}: unknown architecture '{arch}'; known: {', '.join(MACHINES)}")
    return version, arch


class KernelUnderQemu(GuestTarget):
    kind = "qemu"
    id_suffix = "qemu"
    names_page_size = True
    results_file = "ktap.txt"

    def __init__(self, spec, version, **options):
        super().__init__(spec, **options)
        self.version, self.arch = split_version(spec, version)
        self.machine = MACHINES[self.arch]
        self.ktap_device, self.disk_device = self.machine.ktap_device, self.machine.disk_device
        self.ext4_modules = list(self.machine.disk_modules)
        self.channel_modules = self.machine.channel_modules

    @property
    def uname(self):
        return self.machine.uname

    def toolchain(self, tc):
        if self.arch == "amd64":
            return super().toolchain(tc)
        # Debian's cross compiler with musl of that architecture (foreign.musl_specs):
        # static glibc binaries would not fit in the guest's initramfs.  The
        # linker's default alignment (64 KiB on aarch64 and ppc64le) lets one
        # build run on every page size.
        from ..foreign import musl_specs
        cross = ARCHES[self.machine.uname]
        # Without the cross compiler there is nothing to fetch musl for: check() names its package.
        if self.arch in GLIBC_ONLY or not shutil.which(cross.cc):
            return Toolchain(cc=cross.cc, cflags=tc.cflags + " -static -s", ksft_dir=tc.ksft_dir,
                             build_dir=Path(tc.build_dir) / f"static-{self.machine.uname}-glibc")
        return Toolchain(cc=f"{cross.cc} -specs {musl_specs(self.arch)}", cflags=tc.cflags + " -static",
                         ksft_dir=tc.ksft_dir, build_dir=Path(tc.build_dir) / f"static-{self.machine.uname}-musl")

    def check(self, tc):
        if self.arch == "amd64":
            super().check(tc)
        else:
            cross = ARCHES[self.machine.uname]
            need(cross.cc, cross.cc_package)
            if self.arch in GLIBC_ONLY and not os.path.isfile(cross.libc_a):
                raise UsageError(f"no static C library at {cross.libc_a}: apt-get install {cross.libc_package}")
            self.check_busybox()
            if self.scratch == "ext4":
                need("mkfs.ext4", "e2fsprogs")
        need(self.machine.qemu, self.machine.package)

    def busybox(self):
        if self.arch == "amd64":
            return super().busybox()
        from ..foreign import busybox
        return busybox(self.arch)

    def kernel(self):
        from ..kernels import resolve
        return resolve(self.version if self.arch == "amd64" else f"{self.version}@{self.arch}")

    def session(self, tc, timeout, env, jobs):
        return QemuSession(self, tc, timeout, env, jobs)

    def command(self, kernel, initramfs, disk, cmdline):
        m = self.machine
        board = m.board
        if self.arch == "amd64":
            board = ("-accel", "kvm", "-cpu", "host") if kvm_usable() else \
                    ("-accel", "tcg,thread=multi", "-cpu", "max")
        else:
            board += ("-accel", "tcg,thread=multi")
        argv = [m.qemu, *board, "-smp", "2", "-m", "1024", "-nodefaults",
                "-display", "none", "-no-reboot",
                "-kernel", str(kernel.image), "-initrd", str(initramfs),
                "-append", f"console={m.console} {cmdline}",
                "-serial", "file:console.txt", "-chardev", f"file,id=ktap,path={self.results_file}", *m.ktap]
        if disk:
            argv += ["-drive", f"file={disk},format=raw,if=none,id=scratch", *m.disk]
        return argv


class QemuSession(GuestSession):
    """A guest session that tells qemu's own failure from the guest's: qemu
    exits non-zero only when it cannot start or run the machine (an option it
    refuses, an accelerator it cannot use, an unreadable file); a guest that
    panics, hangs or powers off makes it exit 0 (-no-reboot) or be killed by us."""

    def start(self, cases):
        try:
            super().start(cases)
        except OSError as e:
            raise UsageError(f"{self.target.machine.qemu} failed: cannot run it: {e.strerror}")

    def platform(self):
        plat = super().platform()
        status = self.proc.returncode
        if self.problems and status is not None and status > 0:
            try:
                with open(self.dir / "stderr.txt", "rb") as f:
                    f.seek(max(0, os.fstat(f.fileno()).st_size - 65536))
                    said = telling_line(f.read().decode(errors="replace"))
            except OSError:
                said = ""
            raise UsageError(f"{self.target.machine.qemu} failed: {said or f'exit status {status}, nothing on stderr'}")
        return plat

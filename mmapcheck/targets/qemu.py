"""kernel:VERSION: a Debian kernel booted under qemu-system-x86_64 (software
emulation, both cores; KVM only where a real KVM module is loaded)."""

import os
from pathlib import Path

from .. import UsageError
from ..kernel_image import telling_line
from .guest import GuestSession, GuestTarget, need

QEMU = "qemu-system-x86_64"


def kvm_usable():
    """/dev/kvm alone is not enough: a paravirtual stand-in (kvm_pvm) hangs stock kernels."""
    return os.access("/dev/kvm", os.W_OK) and any(
        Path("/sys/module", m).exists() for m in ("kvm_intel", "kvm_amd"))


class KernelUnderQemu(GuestTarget):
    kind = "qemu"
    id_suffix = "qemu"
    disk_device = "/dev/vda"
    ext4_modules = ["virtio_pci", "virtio_blk", "ext4"]

    def __init__(self, spec, version, **options):
        super().__init__(spec, **options)
        self.version = version

    def check(self, tc):
        super().check(tc)
        need(QEMU, "qemu-system-x86")

    def kernel(self):
        from ..kernels import resolve
        return resolve(self.version)

    def session(self, tc, timeout, env, jobs):
        return QemuSession(self, tc, timeout, env, jobs)

    def command(self, kernel, initramfs, disk, cmdline):
        accel = ["-accel", "kvm", "-cpu", "host"] if kvm_usable() else \
                ["-accel", "tcg,thread=multi", "-cpu", "max"]
        argv = [QEMU, *accel, "-smp", "2", "-m", "1024", "-nodefaults",
                "-display", "none", "-no-reboot",
                "-kernel", str(kernel.image), "-initrd", str(initramfs),
                "-append", f"console=ttyS0 {cmdline}",
                "-serial", "file:console.txt", "-serial", "stdio"]
        if disk:
            argv += ["-drive", f"file={disk},if=virtio,format=raw"]
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
            raise UsageError(f"{QEMU} failed: cannot run it: {e.strerror}")

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
            raise UsageError(f"{QEMU} failed: {said or f'exit status {status}, nothing on stderr'}")
        return plat

"""kernel:VERSION: a Debian kernel booted under qemu-system-x86_64 (software
emulation, both cores; KVM only where a real KVM module is loaded)."""

import os
from pathlib import Path

from .guest import GuestTarget, need


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
        need("qemu-system-x86_64", "qemu-system-x86")

    def kernel(self):
        from ..kernels import resolve
        return resolve(self.version)

    def command(self, kernel, initramfs, disk, cmdline):
        accel = ["-accel", "kvm", "-cpu", "host"] if kvm_usable() else \
                ["-accel", "tcg,thread=multi", "-cpu", "max"]
        argv = ["qemu-system-x86_64", *accel, "-smp", "2", "-m", "1024", "-nodefaults",
                "-display", "none", "-no-reboot",
                "-kernel", str(kernel.image), "-initrd", str(initramfs),
                "-append", f"console=ttyS0 {cmdline}",
                "-serial", "file:console.txt", "-serial", "stdio"]
        if disk:
            argv += ["-drive", f"file={disk},if=virtio,format=raw"]
        return argv

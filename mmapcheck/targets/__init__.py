"""Targets: where the cases run.  One module per target:

    native     this machine's kernel
    qemu       a Debian kernel booted under qemu-system-x86_64   (kernel:VERSION)
    uml        Debian's user-mode Linux kernel                    (uml)
    gvisor     each case under `runsc do`                         (gvisor)
    qemu_user  cross-built static cases under qemu-ARCH-static   (qemu-user:ARCH[:PAGESIZE])
    valgrind   each case under valgrind                           (valgrind)

A target says how to build for it (`toolchain`) and opens a session (`session`)
that reports the platform and runs a list of cases, yielding one Execution per
case.  What goes wrong with the target itself (a guest that panicked or hung)
is the session's `problems`, kept apart from the cases' verdicts."""

import re

from .. import UsageError
from ..expected import version_tuple


class Target:
    kind = "native"          # the expected/<kind> file that applies besides expected/<os>
    id_prefix = None         # replaces the OS in the platform id (gvisor: it says Linux)
    id_suffix = ""           # appended to the platform id, so reports never overwrite each other
    names_machine = False    # the suffix already says the architecture
    names_page_size = False  # a page size other than 4 KiB is part of the id (a kernel's, not an emulator's -p)
    default_fs = None        # the scratch filesystem not named in the platform id

    def __init__(self, spec):
        self.spec = spec

    def toolchain(self, tc):
        """The toolchain that builds cases for this target, from the user's."""
        return tc

    def check(self, tc):
        """Raises UsageError naming what is missing when the target can't be set up."""

    def session(self, tc, timeout, env, jobs):
        raise NotImplementedError


def platform_id(plat, target):
    """linux-6.1.0-40-amd64-x86_64-qemu, linux-6.18.44-x86_64-musl, ..."""
    release = re.sub(r"[^a-z0-9._]+", "-", str(plat.get("release") or "unknown").lower()).strip("-")
    os_name = plat.get("os", "unknown").lower()
    parts = [target.id_prefix or os_name, release]
    if not target.names_machine:
        parts.append(plat.get("machine", "unknown"))
    libc_family = plat.get("libc", "").split("-")[0]
    if libc_family and libc_family != NATIVE_LIBC.get(os_name, libc_family):
        parts.append(libc_family)
    page_size = int(plat.get("page_size") or 0)
    if target.names_page_size and page_size not in (0, 4096) and f"-{page_size // 1024}k" not in release:
        parts.append(f"{page_size // 1024}k")  # unless the kernel's flavour says it already
    if target.id_suffix:
        parts.append(target.id_suffix)
    if plat.get("tmpdir_fs") not in (None, "unknown", target.default_fs):
        parts.append(plat["tmpdir_fs"])
    return "-".join(parts)


NATIVE_LIBC = {"linux": "glibc"}  # a report of another libc gets its own directory
TARGET_SPECS = ("native", "kernel:VERSION[@ARCH]", "kernel:/path/to/image", "uml", "gvisor",
                "qemu-user:ARCH[:PAGESIZE]", "valgrind")


def parse_target(spec, **options):
    """The Target a --target argument names; UsageError for anything else."""
    kind, _, arg = spec.partition(":")
    if spec == "native":
        from .native import Native
        return Native(spec)
    if kind == "kernel" and arg:
        from .qemu import KernelUnderQemu
        return KernelUnderQemu(spec, arg, **options)
    if spec == "uml":
        from .uml import UserModeLinux
        return UserModeLinux(spec, **options)
    if spec == "gvisor":
        from .gvisor import Gvisor
        return Gvisor(spec)
    if kind == "qemu-user" and arg:
        from .qemu_user import QemuUser
        return QemuUser(spec, arg)
    if spec == "valgrind":
        from .valgrind import Valgrind
        return Valgrind(spec)
    raise UsageError(f"unknown target '{spec}'; known: {', '.join(TARGET_SPECS)}")


__all__ = ["Target", "parse_target", "platform_id", "version_tuple", "TARGET_SPECS"]

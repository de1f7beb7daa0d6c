"""The qemu-user target: cases cross-built static for another architecture
run under qemu-ARCH-static, which translates their system calls to the host
kernel's (qemu's linux-user/mmap.c and syscall.c) and can emulate a page size
other than the host's 4 KiB: `qemu-user:aarch64:65536` runs with 64 KiB pages."""

import dataclasses
import os
import shlex
import shutil
from pathlib import Path

from .. import UsageError
from ..build import Toolchain
from .native import filesystem_of
from .process import ProcessTarget


@dataclasses.dataclass(frozen=True)
class Arch:
    qemu: str            # the emulator binary
    cc: str              # the cross compiler ("" : the user's cc)
    cc_package: str
    libc_a: str          # the static C library the cross compiler links
    libc_package: str
    page_sizes: tuple    # the base page sizes the architecture's Linux supports; first: qemu's default


ARCHES = {
    "x86_64": Arch("qemu-x86_64-static", "", "gcc",
                   "/usr/lib/x86_64-linux-gnu/libc.a", "libc6-dev", (4096,)),
    "aarch64": Arch("qemu-aarch64-static", "aarch64-linux-gnu-gcc", "gcc-aarch64-linux-gnu",
                    "/usr/aarch64-linux-gnu/lib/libc.a", "libc6-dev-arm64-cross",
                    (4096, 16384, 65536)),
    "ppc64le": Arch("qemu-ppc64le-static", "powerpc64le-linux-gnu-gcc", "gcc-powerpc64le-linux-gnu",
                    "/usr/powerpc64le-linux-gnu/lib/libc.a", "libc6-dev-ppc64el-cross",
                    (4096, 65536)),
    "sparc64": Arch("qemu-sparc64-static", "sparc64-linux-gnu-gcc", "gcc-sparc64-linux-gnu",
                    "/usr/sparc64-linux-gnu/lib/libc.a", "libc6-dev-sparc64-cross", (8192,)),
    "s390x": Arch("qemu-s390x-static", "s390x-linux-gnu-gcc", "gcc-s390x-linux-gnu",
                  "/usr/s390x-linux-gnu/lib/libc.a", "libc6-dev-s390x-cross", (4096,)),
    "riscv64": Arch("qemu-riscv64-static", "riscv64-linux-gnu-gcc", "gcc-riscv64-linux-gnu",
                    "/usr/riscv64-linux-gnu/lib/libc.a", "libc6-dev-riscv64-cross", (4096,)),
}
QEMU_PACKAGE = "qemu-user-static"


class QemuUser(ProcessTarget):
    kind = "qemu-user"
    names_machine = True

    def __init__(self, spec, arg):
        super().__init__(spec)
        name, _, size = arg.partition(":")
        if name not in ARCHES:
            raise UsageError(f"target {spec}: unknown architecture '{name}'; known: {', '.join(ARCHES)}")
        self.arch_name, self.arch = name, ARCHES[name]
        self.page_size = self.arch.page_sizes[0]
        if size:
            supported = ", ".join(map(str, self.arch.page_sizes))
            if not size.isdigit() or int(size) not in self.arch.page_sizes:
                raise UsageError(f"target {spec}: page size '{size}' is not one {name} supports "
                                 f"({supported})")
            self.page_size = int(size)

    @property
    def default_fs(self):
        return filesystem_of("/tmp")  # the cases' files are the host's

    @property
    def id_suffix(self):
        nondefault = self.page_size != self.arch.page_sizes[0]
        return f"qemu-user-{self.arch_name}" + (f"-{self.page_size // 1024}k" if nondefault else "")

    def wrap(self, argv):
        # -p only when not qemu's default, so qemu-user:aarch64 and :aarch64:4096 run alike
        page = ["-p", str(self.page_size)] if self.page_size != self.arch.page_sizes[0] else []
        return [self.arch.qemu, *page, *argv]

    def toolchain(self, tc):
        return Toolchain(cc=self.arch.cc or tc.cc, cflags=tc.cflags + " -static",
                         ksft_dir=tc.ksft_dir, build_dir=Path(tc.build_dir) / f"qemu-user-{self.arch_name}")

    def missing_packages(self, tc):
        """The Debian packages this target needs that are not installed."""
        cc = shlex.split(tc.cc)[0] if tc.cc.strip() else ""
        missing = []
        if not shutil.which(cc):
            missing.append(self.arch.cc_package)
        if not os.path.isfile(self.arch.libc_a):
            missing.append(self.arch.libc_package)
        if not shutil.which(self.arch.qemu):
            missing.append(QEMU_PACKAGE)
        return missing

    def check(self, tc):
        """tc: the toolchain toolchain() returned."""
        missing = self.missing_packages(tc)
        if missing:
            raise UsageError(f"target {self.spec} needs: apt-get install {' '.join(missing)}")

    def target_facts(self):
        return {"emulator": " ".join(self.wrap([]))}

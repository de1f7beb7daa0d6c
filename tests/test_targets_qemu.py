"""kernel:VERSION@ARCH without booting: the spelling, the toolchain each
architecture's cases are built with, the qemu command line per architecture,
a missing emulator or cross compiler as one line, and the platform id naming
the page size.  The boots themselves are in test_targets_live.py."""

import os
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest

from mmapcheck import UsageError, foreign
from mmapcheck.build import Toolchain
from mmapcheck.targets import parse_target, platform_id
from mmapcheck.targets.qemu import MACHINES

KERNEL = SimpleNamespace(image=Path("/k/vmlinuz"), release="6.12.117+deb13-arm64-16k", label="6.12-16k@arm64")


def argv_of(spec, disk=None):
    return parse_target(spec).command(KERNEL, Path("/s/initramfs.cpio"), disk, "panic=-1 quiet")


def pairs(argv):
    return list(zip(argv, argv[1:]))


@pytest.mark.parametrize("spec,version,arch", [
    ("kernel:6.12", "6.12", "amd64"),
    ("kernel:6.1-rt", "6.1-rt", "amd64"),
    ("kernel:6.12-16k@arm64", "6.12-16k", "arm64"),
    ("kernel:6.1@ppc64el", "6.1", "ppc64el"),
    ("kernel:6.12@s390x", "6.12", "s390x"),
])
def test_the_spec_names_the_kernel_line_and_the_debian_architecture(spec, version, arch):
    t = parse_target(spec)
    assert (t.version, t.arch) == (version, arch)


def test_an_unknown_architecture_is_one_line_naming_the_known_ones():
    with pytest.raises(UsageError) as e:
        parse_target("kernel:6.12@mips")
    assert str(e.value) == ("target kernel:6.12@mips: unknown architecture 'mips'; "
                            "known: amd64, arm64, ppc64el, s390x, riscv64")


@pytest.mark.parametrize("spec,cc,build_dir", [
    ("kernel:6.1", "musl-gcc", "static-x86_64-musl"),
    ("kernel:6.12-16k@arm64", "aarch64-linux-gnu-gcc -specs /c/musl-dev/arm64/musl-gcc.specs", "static-aarch64-musl"),
    ("kernel:6.1@ppc64el", "powerpc64le-linux-gnu-gcc -specs /c/musl-dev/ppc64el/musl-gcc.specs",
     "static-ppc64le-musl"),
    ("kernel:6.12@s390x", "s390x-linux-gnu-gcc -specs /c/musl-dev/s390x/musl-gcc.specs", "static-s390x-musl"),
])
def test_each_architecture_builds_static_with_musl_into_its_own_directory(spec, cc, build_dir, monkeypatch):
    """Debian's cross compiler, pointed at that architecture's musl (fetched and
    cached by foreign.musl_specs, stood in for here: no network in tests)."""
    if not shutil.which(cc.split()[0]):
        pytest.skip(f"needs {cc.split()[0]}")
    monkeypatch.setattr(foreign, "musl_specs", lambda arch: Path(f"/c/musl-dev/{arch}/musl-gcc.specs"))
    tc = parse_target(spec).toolchain(Toolchain(cflags="-O2", build_dir=Path("/r/build")))
    assert (tc.cc, tc.cflags, tc.build_dir) == (cc, "-O2 -static", Path("/r/build") / build_dir)


def test_riscv64_builds_with_glibc_static_and_stripped():
    """Its cross linker cannot link trixie's musl (see qemu.GLIBC_ONLY)."""
    tc = parse_target("kernel:6.12@riscv64").toolchain(Toolchain(cflags="-O2", build_dir=Path("/r/build")))
    assert (tc.cc, tc.cflags, tc.build_dir) == ("riscv64-linux-gnu-gcc", "-O2 -static -s",
                                                Path("/r/build/static-riscv64-glibc"))


def test_riscv64_without_its_static_c_library_names_the_package(monkeypatch):
    from mmapcheck.targets import qemu
    monkeypatch.setattr(qemu, "need", lambda program, package: None)  # compilers and qemu present
    monkeypatch.setattr(qemu.os.path, "isfile", lambda path: path != "/usr/riscv64-linux-gnu/lib/libc.a")
    t = parse_target("kernel:6.12@riscv64")
    with pytest.raises(UsageError) as e:
        t.check(t.toolchain(Toolchain()))
    assert str(e.value) == ("no static C library at /usr/riscv64-linux-gnu/lib/libc.a: "
                            "apt-get install libc6-dev-riscv64-cross")


def test_arm64_boots_virt_with_its_console_on_the_uart_and_results_on_a_virtio_console():
    argv = argv_of("kernel:6.12-16k@arm64")
    assert argv[0] == "qemu-system-aarch64"
    assert ("-M", "virt") in pairs(argv) and ("-cpu", "max,pauth-impdef=on") in pairs(argv)
    assert ("-append", "console=ttyAMA0 panic=-1 quiet") in pairs(argv)
    assert ("-serial", "file:console.txt") in pairs(argv)
    assert ("-chardev", "file,id=ktap,path=ktap.txt") in pairs(argv)  # a file never refuses a write
    assert ("-device", "virtconsole,chardev=ktap") in pairs(argv)
    assert ("-kernel", "/k/vmlinuz") in pairs(argv)
    assert parse_target("kernel:6.12-16k@arm64").ktap_device == "/dev/hvc0"


def test_ppc64el_gets_a_second_hypervisor_terminal_for_results():
    argv = argv_of("kernel:6.1@ppc64el")
    assert argv[0] == "qemu-system-ppc64" and ("-cpu", "power9") in pairs(argv)
    assert ("-device", "spapr-vty,chardev=ktap") in pairs(argv)
    assert parse_target("kernel:6.1@ppc64el").ktap_device == "/dev/hvc1"


def test_amd64_keeps_its_second_serial_port_and_virtio_disk():
    argv = argv_of("kernel:6.1", disk=Path("/s/scratch.img"))
    assert argv[0] == "qemu-system-x86_64"
    assert [a for a in argv if a.startswith(("file:", "chardev:"))] == ["file:console.txt", "chardev:ktap"]
    assert ("-device", "virtio-blk-pci,drive=scratch") in pairs(argv)
    assert parse_target("kernel:6.1").ktap_device == "/dev/ttyS1"


@pytest.mark.parametrize("arch", [a for a in MACHINES if a != "amd64"])
def test_a_missing_emulator_or_cross_compiler_is_one_line_naming_the_package(arch, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # nothing on it
    monkeypatch.setattr(foreign, "musl_specs", lambda arch: pytest.fail("fetched musl for a build that cannot happen"))
    target = parse_target(f"kernel:6.12@{arch}")
    with pytest.raises(UsageError) as e:
        target.check(target.toolchain(Toolchain()))
    message = str(e.value)
    assert "\n" not in message and "apt-get install " in message
    assert message.split("apt-get install ")[1] in ("gcc-aarch64-linux-gnu", "gcc-powerpc64le-linux-gnu",
                                                    "gcc-s390x-linux-gnu", "gcc-riscv64-linux-gnu")


@pytest.mark.parametrize("release,machine,page_size,pid", [
    ("6.1.0-57-powerpc64le", "ppc64le", 65536, "linux-6.1.0-57-powerpc64le-ppc64le-64k-qemu"),
    ("6.12.117+deb13-arm64", "aarch64", 4096, "linux-6.12.117-deb13-arm64-aarch64-qemu"),
    # the flavour names it already
    ("6.12.117+deb13-arm64-16k", "aarch64", 16384, "linux-6.12.117-deb13-arm64-16k-aarch64-qemu"),
])
def test_the_platform_id_names_a_kernels_page_size_other_than_4k(release, machine, page_size, pid):
    plat = {"os": "Linux", "release": release, "machine": machine, "libc": "glibc-2.36",
            "page_size": page_size, "tmpdir_fs": "tmpfs"}
    assert platform_id(plat, parse_target("kernel:6.12@arm64")) == pid
    assert os.sep not in pid

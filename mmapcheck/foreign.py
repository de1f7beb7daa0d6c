"""What a guest of another architecture needs from Debian besides its kernel:
the static busybox it runs as shell and tools (busybox-static), and musl to
build the cases with (musl-dev: Debian's cross compilers link glibc, whose
static binaries are fifteen times larger, 340 MiB for the suite, more than an
initramfs in a 1 GiB guest can hold).  Each is fetched through the private apt
configuration (kernel_apt) and cached as <cache>/<package>/<arch>/, an entry
trusted as the kernels' are (kernel_cache: exactly the files its SHA256SUMS
lists, no link).  The x86-64 kernels use the host's busybox and musl-gcc."""

import shutil
import tempfile
from pathlib import Path

from . import UsageError
from .kernel_apt import Apt
from .kernel_cache import BadEntry, check_entry, private_dirs, remove_entry, write_sums
from .kernel_fetch import unpack
from .kernel_image import HelperFailed

SUITE = "trixie"  # the first stable suite with riscv64


def busybox(arch):
    """The path of a static busybox for the Debian architecture arch."""
    from .targets.guest import is_static_elf
    top = cached("busybox-static", arch, busybox_entry)
    if not is_static_elf(top / "busybox"):
        raise UsageError(f"{SUITE}'s busybox-static for {arch} is not a static 64-bit program")
    return top / "busybox"


def musl_specs(arch):
    """The gcc specs file that makes the cross compiler build against musl for
    arch: its crt files, headers and libc.a, in the cache."""
    found = sorted(cached("musl-dev", arch, musl_entry).glob("usr/lib/*/musl-gcc.specs"))
    if len(found) != 1:
        raise UsageError(f"{SUITE}'s musl-dev for {arch} has no usr/lib/*/musl-gcc.specs")
    return found[0]


def busybox_entry(root, entry, final):
    found = next((p for p in (root / "usr/bin/busybox", root / "bin/busybox")
                  if p.is_file() and not p.is_symlink()), None)
    if not found:
        raise UsageError(f"{SUITE}'s busybox-static has no usr/bin/busybox")
    found.rename(entry / "busybox")


def musl_entry(root, entry, final):
    """The package's usr/ (less its documentation), its specs file pointed at
    the entry's final place instead of /usr."""
    shutil.rmtree(root / "usr/share", ignore_errors=True)
    (root / "usr").rename(entry / "usr")
    for specs in entry.glob("usr/lib/*/musl-gcc.specs"):
        specs.write_text(specs.read_text().replace("/usr/", f"{final}/usr/"))


def cached(package, arch, make_entry, suite=SUITE, name=None):
    """<cache>/<name>/<arch>/ (name: the package's): checked, or fetched anew
    from suite and made by make_entry(unpacked package root, entry directory
    to fill, its final path)."""
    from .kernels import cache_dir
    name = name or package
    top = cache_dir() / name / arch
    try:
        check_entry(top)
        return top
    except BadEntry:
        remove_entry(top)
    apt = Apt(suite, cache_dir() / "apt", arch)
    apt.update()
    private_dirs(cache_dir(), name)
    scratch = Path(tempfile.mkdtemp(prefix="fetch-", dir=top.parent))
    try:
        try:
            debs = apt.download([package], scratch)
        except HelperFailed as e:
            raise UsageError(f"no {package} ({suite}, {arch}): {e}")
        unpack(debs[0], scratch / "root")
        entry = scratch / "entry"
        entry.mkdir()
        make_entry(scratch / "root", entry, top)
        write_sums(entry)
        entry.rename(top)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return top

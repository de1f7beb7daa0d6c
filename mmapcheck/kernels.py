"""Debian kernels to boot under qemu (and the user-mode Linux kernel), cached.

    resolve("6.1") -> Kernel      a spec LINE[-FLAVOUR][@ARCH] (kernel_specs): 5.10, 6.1, 6.12,
                                  7.2 (sid); 6.1-cloud, 6.1-rt; 6.12@arm64, 6.12-16k@arm64,
                                  6.1@ppc64el, 6.12-64k@ppc64el, 6.12@s390x, 6.12@riscv64;
                                  "uml"; or a path to a bzImage / vmlinux
    uml_kernel() -> Kernel        Debian's user-mode-linux package

Kernels come from Debian's archive through a private apt configuration
(kernel_apt: the system's mirror and keyring, never /etc/apt itself, one
state per suite and architecture) and are unpacked under
<cache>/kernels/<label>/ (kernel_fetch); a cached kernel needs no network.  An
amd64 bzImage is decompressed once to an ELF vmlinux that qemu boots directly
(PVH): under TCG a kernel spends seconds decompressing itself; the other
architectures keep the image Debian ships.  An entry records the kernel's
architecture and page size (kernel_record) and the hashes of what it holds,
and is used only while it matches them (kernel_cache); one that does not, or
that an older mmapcheck made without hashes, is fetched again.

    python3 -m mmapcheck.kernels SPEC...   fetch and print each kernel
    python3 -m mmapcheck.kernels --list    what is cached, with sizes
    python3 -m mmapcheck.kernels --clean   empty the cache
SPEC is LINE[-FLAVOUR][@ARCH], ARCH a Debian architecture (default amd64):
    6.1  6.1-cloud  6.1-rt  6.12  7.2  6.12@arm64  6.12-16k@arm64  6.1@ppc64el
    6.12-64k@ppc64el  6.12@s390x  6.12@riscv64   (flavours: amd64 cloud, rt;
    arm64 16k, cloud, rt; ppc64el 64k), or uml, or a path to a kernel image
"""

import fcntl
import hashlib
import os
import re
import subprocess
import sys
import time
from pathlib import Path

from . import UsageError
from .kernel_apt import Apt, apt_error, read_or_empty, system_sources  # noqa: F401 (kernels.Apt, ...)
from .kernel_cache import BadEntry, private_dirs, remove_entry
from .kernel_fetch import depmod, depmod_path, fetch, install_tree, unpack  # noqa: F401
from .kernel_image import decompress_payload, has_pvh_note, image_arch, image_format, write_atomically
from .kernel_record import Kernel, load_cached  # noqa: F401
from .kernel_specs import ARCHES, SPEC, parse_spec, spelling_help

UML_BINARY = Path("/usr/bin/linux")
UML_MODULES = Path("/usr/lib/uml/modules")


def cache_dir():
    """$MMAPCHECK_CACHE, else ${XDG_CACHE_HOME:-~/.cache}/mmapcheck."""
    if os.environ.get("MMAPCHECK_CACHE"):
        return Path(os.environ["MMAPCHECK_CACHE"])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "mmapcheck"


def resolve(spec):
    """The Kernel for spec, fetched and unpacked into the cache if it is not there yet."""
    try:
        return find(str(spec))
    except OSError as e:   # a full disk, an unreadable image, a cache that is not writable
        raise UsageError(f"{e.filename or cache_dir()}: {e.strerror or e}")


def find(spec):
    if spec == "uml":
        return uml_kernel()
    if "/" in spec or (not SPEC.fullmatch(spec) and Path(spec).is_file()):
        return file_kernel(Path(spec))
    parsed = parse_spec(spec)
    kernels = cache_dir() / "kernels"
    kdir = kernels / parsed.label   # 6.1@amd64 is 6.1
    try:
        kernel = load_cached(kdir)
        if kernel:
            return kernel
    except BadEntry:
        pass   # looked at again under the lock: another runner may be fetching it
    kernels.mkdir(parents=True, exist_ok=True)
    with open(os.open(kernels / ".lock", os.O_WRONLY | os.O_CREAT | os.O_NOFOLLOW, 0o644), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)   # another runner may be fetching the same kernel
        try:
            kernel = load_cached(kdir)
        except BadEntry as e:
            print(f"kernels: the cached {parsed.label} ({kdir}) cannot be used: {e}; fetching it again",
                  file=sys.stderr)
            kernel = None
        return kernel or fetch(parsed, kdir, cache_dir() / "apt")


def file_kernel(path):
    """A Kernel for an image file given by path: an ELF vmlinux, or a bzImage to decompress."""
    if not path.is_file():
        raise UsageError(f"no kernel image at {path}")
    data = path.read_bytes()
    image, bzimage = path, None
    if data[:4] != b"\x7fELF":
        elf, _ = decompress_payload(data)
        bzimage = path
        if elf and has_pvh_note(elf):
            # Named by the image's SHA-256 and written afresh each time: the
            # vmlinux booted is always the one inside this bzImage.
            cache_dir().mkdir(parents=True, exist_ok=True)
            image = private_dirs(cache_dir(), f"kernels/file-{hashlib.sha256(data).hexdigest()}") / "vmlinux"
            write_atomically(image, elf)
        data = elf or data
    banner = re.search(rb"Linux version (\S+) ", data)
    release = banner.group(1).decode(errors="replace") if banner else "unknown"
    modules = path.parent / "lib" / "modules" / release
    kind = image_format(image)
    arch = image_arch(image, kind) or "amd64"
    return Kernel(path.name, release, image, modules if modules.is_dir() else None, "file", bzimage,
                  str(path), arch, ARCHES.get(arch, (0, 0, None))[2], kind)


def uml_kernel():
    """Debian's user-mode-linux: /usr/bin/linux, modules in /usr/lib/uml/modules/<release>."""
    try:
        version = subprocess.run(["dpkg-query", "-W", "-f", "${Status} ${Version}", "user-mode-linux"],
                                 stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True).stdout
    except OSError:
        version = ""
    if "install ok installed" not in version or not os.access(UML_BINARY, os.X_OK):
        raise UsageError("user-mode Linux is not installed: apt-get install user-mode-linux")
    releases = sorted(p.name for p in UML_MODULES.glob("*") if (p / "kernel").is_dir())
    release = releases[-1] if releases else version.split()[-1].split("um")[0]
    modules = UML_MODULES / release if releases else None
    return Kernel("uml", release, UML_BINARY, modules, "uml", None,
                  f"user-mode-linux {version.split()[-1]}", "amd64", 4096, "elf")


# --- command line ------------------------------------------------------------

def tree_size(path):
    return sum(f.stat().st_size for f in Path(path).rglob("*") if f.is_file() and not f.is_symlink())


def list_cached():
    kernels = cache_dir() / "kernels"
    rows = []
    for kdir in sorted(kernels.glob("*")) if kernels.is_dir() else []:
        if kdir.name.startswith(("file-", ".")) or kdir.name.endswith(".new"):
            continue   # a bzImage's vmlinux, the lock, a fetch under way
        try:
            kernel = load_cached(kdir)
        except BadEntry as e:
            rows.append(f"{kdir.name!r:16} cannot be used, fetched again when asked for: {e}")
            continue
        pages = f"{kernel.page_size // 1024}K" if kernel.page_size else "?"
        rows.append(f"{kernel.label:16} {kernel.release:30} {pages:>4} {tree_size(kdir) / 1e6:7.0f} MB  {kdir}")
    apt = cache_dir() / "apt"
    if apt.is_dir():
        rows.append(f"{'(apt state)':52} {tree_size(apt) / 1e6:7.0f} MB  {apt}")
    return (rows or [f"nothing cached in {cache_dir()}"]) + [f"(a kernel is asked for as {spelling_help()})"]


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__.split("\n\n")[-1].rstrip())
        return 0 if argv else 2
    try:
        if argv == ["--list"]:
            print("\n".join(list_cached()))
            return 0
        if argv == ["--clean"]:
            remove_entry(cache_dir())
            print(f"removed {cache_dir()}")
            return 0
        for spec in argv:
            started = time.monotonic()
            kernel = resolve(spec)
            print(f"{spec}: {kernel}  [{time.monotonic() - started:.1f} s]")
            if kernel.arch != "amd64":  # what a guest of that architecture needs besides its kernel
                from .foreign import busybox, musl_specs
                print(f"{spec}: guest's busybox {busybox(kernel.arch)}, musl {musl_specs(kernel.arch).parent}")
    except UsageError as e:
        print(f"kernels: {e}", file=sys.stderr)
        return 2
    except OSError as e:   # the cache itself: unwritable, a full disk
        print(f"kernels: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())

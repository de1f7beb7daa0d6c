"""Debian kernels to boot under qemu (and the user-mode Linux kernel), cached.

    resolve("6.1") -> Kernel      5.10, 6.1, 6.12, 7.2 (sid), each also "-cloud";
                                  "uml"; or a path to a bzImage / vmlinux
    modules_for(kernel, ["ext4"]) -> the .ko files to insmod, in load order
    uml_kernel() -> Kernel        Debian's user-mode-linux package

Kernels come from Debian's archive through a private apt configuration (the
system's mirror and keyring, never /etc/apt itself) and are unpacked under
<cache>/kernels/<label>/; a cached kernel needs no network.  The bzImage is
decompressed once to an ELF vmlinux that qemu boots directly (PVH): under TCG
a kernel spends seconds decompressing itself.

    python3 -m mmapcheck.kernels SPEC...   fetch and print each kernel
    python3 -m mmapcheck.kernels --list    what is cached, with sizes
"""

import dataclasses
import fcntl
import gzip
import json
import lzma
import os
import pwd
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

from . import UsageError

# Kernel line -> Debian suite.  Stable suites are read together with their
# -security suite, where kernel updates land.  Any other line is looked for in sid.
LINES = {"5.10": "bullseye", "6.1": "bookworm", "6.12": "trixie"}
DEVELOPMENT_SUITE = "sid"
UPDATE_INTERVAL_S = 24 * 3600   # apt-get update of a suite at most this often
DEFAULT_MIRROR = "http://deb.debian.org/debian"
DEFAULT_SECURITY_MIRROR = "http://deb.debian.org/debian-security"
DEFAULT_KEYRING = "/usr/share/keyrings/debian-archive-keyring.gpg"
UML_BINARY = Path("/usr/bin/linux")
UML_MODULES = Path("/usr/lib/uml/modules")


@dataclasses.dataclass
class Kernel:
    label: str             # "6.1", "6.1-cloud", "7.2", "uml", or the image's file name
    release: str           # uname -r, e.g. 6.1.0-40-amd64
    image: Path            # what to boot: an ELF vmlinux with a PVH note, or a bzImage
    modules: Path = None   # lib/modules/<release>, None when there are none
    flavour: str = "generic"   # "generic", "cloud", "uml", "file"
    bzimage: Path = None   # the compressed image it came from, if any
    source: str = ""       # where it came from: suite, package, version


def cache_dir():
    """$MMAPCHECK_CACHE, else ${XDG_CACHE_HOME:-~/.cache}/mmapcheck."""
    if os.environ.get("MMAPCHECK_CACHE"):
        return Path(os.environ["MMAPCHECK_CACHE"])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "mmapcheck"


def parse_spec(spec):
    """(suite, line, flavour) for a kernel line spec such as "6.1" or "6.12-cloud"."""
    m = re.fullmatch(r"(\d+\.\d+)(-cloud)?", spec)
    if not m:
        raise UsageError(f"no such kernel: {spec!r} (give a line such as 5.10, 6.1, 6.12, 7.2, "
                         "optionally with -cloud, or uml, or a path to a kernel image)")
    line = m.group(1)
    return LINES.get(line, DEVELOPMENT_SUITE), line, "cloud" if m.group(2) else "generic"


def resolve(spec):
    """The Kernel for spec, fetched and unpacked into the cache if it is not there yet."""
    spec = str(spec)
    if spec == "uml":
        return uml_kernel()
    if "/" in spec or (not re.fullmatch(r"[\d.]+(-cloud)?", spec) and Path(spec).is_file()):
        return file_kernel(Path(spec))
    suite, line, flavour = parse_spec(spec)
    kernels = cache_dir() / "kernels"
    cached = load_cached(kernels / spec)
    if cached:
        return cached
    kernels.mkdir(parents=True, exist_ok=True)
    with open(kernels / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)   # another runner may be fetching the same kernel
        return load_cached(kernels / spec) or fetch(spec, suite, line, flavour, kernels / spec)


def load_cached(kdir):
    try:
        record = json.loads((kdir / "kernel.json").read_text())
    except (OSError, ValueError):
        return None
    paths = {k: kdir / record[k] if record.get(k) else None for k in ("image", "modules", "bzimage")}
    return Kernel(**{**record, **paths})


# --- the archive -------------------------------------------------------------

def system_mirrors():
    """(archive URL, security URL, keyring) the system's apt sources use for Debian."""
    mirror, security, keyring = None, None, None
    for uri, suites, signed_by in system_sources():
        if "debian" not in uri:
            continue
        if any(s.endswith("-security") for s in suites):
            security = security or uri
        else:
            mirror = mirror or uri
        keyring = keyring or signed_by
    if not keyring and Path(DEFAULT_KEYRING).exists():
        keyring = DEFAULT_KEYRING
    return mirror or DEFAULT_MIRROR, security or DEFAULT_SECURITY_MIRROR, keyring


def system_sources(etc=Path("/etc/apt")):
    """(uri, suites, signed-by) of each deb entry in sources.list and sources.list.d."""
    files = [etc / "sources.list"] + sorted((etc / "sources.list.d").glob("*.list"))
    for f in files:
        for line in read_or_empty(f).splitlines():
            m = re.match(r"\s*deb\s+(?:\[([^]]*)\]\s+)?(\S+)\s+(\S+)", line)
            if m:
                signed = re.search(r"signed-by=(\S+)", m.group(1) or "")
                yield m.group(2).rstrip("/"), [m.group(3)], signed and signed.group(1)
    for f in sorted((etc / "sources.list.d").glob("*.sources")):
        for stanza in re.split(r"\n\s*\n", read_or_empty(f)):
            fields = dict(re.findall(r"^([A-Za-z-]+):[ \t]*(.*)$", stanza, re.M))
            if "deb" in fields.get("Types", "").split() and fields.get("Enabled", "yes") != "no":
                for uri in fields.get("URIs", "").split():
                    yield uri.rstrip("/"), fields.get("Suites", "").split(), fields.get("Signed-By")


def read_or_empty(path):
    try:
        return Path(path).read_text()
    except OSError:
        return ""


class Apt:
    """apt-get / apt-cache on one suite, with state under <cache>/apt/<suite>/."""

    def __init__(self, suite, root):
        if not shutil.which("apt-get"):
            raise UsageError("apt-get not found: Debian kernels are fetched with apt "
                             "(give a path to a kernel image instead)")
        self.suite, self.root = suite, root
        self.state = root / suite
        mirror, security, keyring = system_mirrors()
        options = f"[signed-by={keyring}] " if keyring else ""
        entries = [f"deb {options}{mirror} {suite} main"]
        if suite != DEVELOPMENT_SUITE:
            entries.append(f"deb {options}{security} {suite}-security main")
        for d in ("lists/partial", "cache/archives/partial"):
            (self.state / d).mkdir(parents=True, exist_ok=True)
        self.sources = root / f"{suite}.list"
        if read_or_empty(self.sources) != "\n".join(entries) + "\n":
            self.sources.write_text("\n".join(entries) + "\n")
        (self.state / "status").touch()
        self.options = []
        for key, value in {
                "Dir::Etc::SourceList": self.sources, "Dir::Etc::SourceParts": "/dev/null",
                "Dir::Etc::Preferences": "/dev/null", "Dir::Etc::PreferencesParts": "/dev/null",
                "Dir::State::Lists": self.state / "lists", "Dir::Cache": self.state / "cache",
                "Dir::State::status": self.state / "status",
                # as root apt would drop to _apt, which cannot write into our cache
                "APT::Sandbox::User": pwd.getpwuid(os.getuid()).pw_name,
                "APT::Architecture": "amd64", "APT::Architectures": "amd64",
                "Acquire::Languages": "none"}.items():
            self.options += ["-o", f"{key}={value}"]

    def run(self, tool, *args, cwd=None):
        try:
            return subprocess.run([tool, *self.options, *args], cwd=cwd, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True, check=True).stdout
        except subprocess.CalledProcessError as e:
            if tool == "apt-cache":   # the lists are there: the package is not
                raise UsageError(f"{self.suite} has no {args[-1]}: {apt_error(e.stderr)}")
            raise UsageError(f"cannot reach the Debian archive for {self.suite}: {apt_error(e.stderr)}")

    def update(self):
        stamp = self.state / "updated"
        if stamp.exists():
            updated = stamp.stat().st_mtime
            if updated > self.sources.stat().st_mtime and time.time() - updated < UPDATE_INTERVAL_S:
                return
        self.run("apt-get", "-q", "--error-on=any", "update")
        stamp.touch()

    def depends(self, package):
        """The candidate version of package and the package names it depends on."""
        out = self.run("apt-cache", "show", "--no-all-versions", package)
        fields = dict(re.findall(r"^([A-Za-z-]+): (.*)$", out, re.M))
        names = [alt.split()[0] for dep in fields.get("Depends", "").split(",")
                 for alt in dep.split("|")[:1] if alt.strip()]
        return fields.get("Version", "?"), names

    def download(self, packages, into):
        self.run("apt-get", "-q", "download", *packages, cwd=into)
        return sorted(into.glob("*.deb"))


def apt_error(stderr):
    """apt's most telling line: the first E:, else W:, else the last one."""
    lines = [l.strip() for l in stderr.splitlines() if l.strip()]
    for prefix in ("E:", "W:"):
        for line in lines:
            if line.startswith(prefix):
                return line
    return lines[-1] if lines else "apt failed"


def fetch(label, suite, line, flavour, kdir):
    """Download label's packages, unpack them into kdir, decompress the image."""
    apt = Apt(suite, cache_dir() / "apt")
    apt.update()
    meta = "linux-image-cloud-amd64" if flavour == "cloud" else "linux-image-amd64"
    meta_version, deps = apt.depends(meta)
    images = [d for d in deps if d.startswith("linux-image-") and d != meta]
    if not images:
        raise UsageError(f"{suite}'s {meta} {meta_version} names no kernel image package")
    image_package = images[0]
    release = image_package[len("linux-image-"):]
    if not (release.startswith(line + ".") or release.startswith(line + "-")):
        raise UsageError(f"no Debian kernel line {line}: {suite} offers {release} "
                         f"(lines: {', '.join(LINES)}, and {suite}'s)")
    # From 7.x the image package is empty: linux-binary-R (vmlinuz), linux-modules-R and
    # linux-base-R (modules.builtin, config) hold the kernel.
    _, image_deps = apt.depends(image_package)
    parts = [d for d in image_deps if d in (f"linux-{part}-{release}" for part in ("binary", "modules", "base"))]
    packages = parts or [image_package]
    scratch = Path(tempfile.mkdtemp(prefix="fetch-", dir=apt.root))
    try:
        for deb in apt.download(packages, scratch):
            unpack(deb, scratch / "root")
        kernel = install_tree(scratch / "root", kdir, label, release, flavour,
                              f"{suite}: {', '.join(packages)} ({meta} {meta_version})")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return kernel


def unpack(deb, into):
    if not shutil.which("dpkg-deb"):
        raise UsageError("dpkg-deb not found: apt-get install dpkg")
    subprocess.run(["dpkg-deb", "-x", str(deb), str(into)], check=True)


def install_tree(root, kdir, label, release, flavour, source):
    """Move an unpacked kernel tree into kdir with a kernel.json describing it."""
    candidates = [root / "boot" / f"vmlinuz-{release}",
                  root / "usr/lib/modules" / release / "vmlinuz",
                  root / "lib/modules" / release / "vmlinuz"]
    bzimage = next((p for p in candidates if p.is_file()), None)
    if not bzimage:
        raise UsageError(f"no vmlinuz for {release} in the packages from {source}")
    modules = next((p for p in (root / "lib/modules" / release, root / "usr/lib/modules" / release)
                    if (p / "kernel").is_dir()), None)
    if modules and not (modules / "modules.dep").exists() and depmod_path():
        base = modules.parent.parent
        subprocess.run([depmod_path(), "-b", str(base), release], check=True)
    vmlinux = root.parent / "vmlinux"
    image = vmlinux if extract_vmlinux(bzimage, vmlinux) else bzimage
    staging = kdir.with_name(kdir.name + ".new")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    root.rename(staging / "root")
    if image == vmlinux:
        vmlinux.rename(staging / "vmlinux")
    relative = lambda p: str(p.relative_to(root.parent)) if p else None
    record = {"label": label, "release": release, "flavour": flavour, "source": source,
              "image": relative(image), "bzimage": relative(bzimage), "modules": relative(modules)}
    (staging / "kernel.json").write_text(json.dumps(record, indent=1) + "\n")
    shutil.rmtree(kdir, ignore_errors=True)
    staging.rename(kdir)
    return load_cached(kdir)


def depmod_path():
    return shutil.which("depmod") or next((p for p in ("/sbin/depmod", "/usr/sbin/depmod")
                                           if os.access(p, os.X_OK)), None)


# --- images ------------------------------------------------------------------

# Compressed payload magics, as the kernel's scripts/extract-vmlinux looks for them.
MAGICS = {"gzip": b"\x1f\x8b\x08", "xz": b"\xfd7zXZ\x00", "zstd": b"\x28\xb5\x2f\xfd",
          "lzma": b"\x5d\x00\x00\x00", "lz4": b"\x02\x21\x4c\x18"}
XEN_ELFNOTE_PHYS32_ENTRY = 18   # the note qemu needs to boot an ELF kernel via PVH


def extract_vmlinux(bzimage, out):
    """Write the ELF inside bzimage to out; False when it has no PVH entry (boot the bzImage)."""
    data = Path(bzimage).read_bytes()
    elf = decompress_payload(data)
    if elf is None:
        raise UsageError(f"{bzimage}: no compressed ELF found (gzip, xz, zstd, lzma, lz4)")
    if not has_pvh_note(elf):
        return False
    tmp = Path(str(out) + ".tmp")
    tmp.write_bytes(elf)
    tmp.rename(out)
    return True


def decompress_payload(data):
    """The ELF compressed inside a bzImage, else None."""
    offsets = []
    if data[0x202:0x206] == b"HdrS" and len(data) > 0x250:  # boot protocol 2.08+: payload place
        start = ((data[0x1F1] or 4) + 1) * 512   # after the real-mode setup sectors
        offset, length = struct.unpack_from("<II", data, 0x248)
        offsets.append((start + offset, start + offset + length))
    for magic in MAGICS.values():
        at = data.find(magic)
        while at >= 0:
            offsets.append((at, len(data)))
            at = data.find(magic, at + 1)
    for start, end in offsets:
        elf = decompress_at(data[start:end])
        if elf and elf[:4] == b"\x7fELF":
            return elf
    return None


def decompress_at(blob):
    try:
        if blob.startswith(MAGICS["gzip"]):
            return zlib.decompressobj(wbits=31).decompress(blob)
        if blob.startswith(MAGICS["xz"]):
            return lzma.LZMADecompressor(lzma.FORMAT_XZ).decompress(blob)
        if blob.startswith(MAGICS["lzma"]):
            return lzma.LZMADecompressor(lzma.FORMAT_ALONE).decompress(blob)
        if blob.startswith(MAGICS["zstd"]):
            return external_decompress("zstd", blob)
        if blob.startswith(MAGICS["lz4"]):
            return external_decompress("lz4", blob)
    except (lzma.LZMAError, zlib.error, EOFError):
        pass
    return None


def external_decompress(tool, blob):
    """Decompress with the tool's command; trailing bytes after the stream only make it complain."""
    if not shutil.which(tool):
        raise UsageError(f"{tool} not found, needed to decompress this kernel: apt-get install {tool}")
    return subprocess.run([tool, "-dc"], input=blob, stdout=subprocess.PIPE,
                          stderr=subprocess.DEVNULL).stdout


def elf_notes(elf):
    """(name, type, desc) of each note in a 64-bit little-endian ELF's PT_NOTE segments."""
    if elf[:4] != b"\x7fELF" or elf[4] != 2 or elf[5] != 1:
        return
    phoff, = struct.unpack_from("<Q", elf, 0x20)
    phentsize, phnum = struct.unpack_from("<HH", elf, 0x36)
    for i in range(phnum):
        p_type, _, p_offset, _, _, p_filesz = struct.unpack_from("<IIQQQQ", elf, phoff + i * phentsize)
        at, end = p_offset, p_offset + p_filesz
        while p_type == 4 and at + 12 <= end:
            namesz, descsz, note_type = struct.unpack_from("<III", elf, at)
            name_at = at + 12
            desc_at = name_at + (namesz + 3) // 4 * 4
            yield elf[name_at:name_at + namesz].rstrip(b"\0"), note_type, elf[desc_at:desc_at + descsz]
            at = desc_at + (descsz + 3) // 4 * 4


def has_pvh_note(elf):
    return any(name == b"Xen" and t == XEN_ELFNOTE_PHYS32_ENTRY for name, t, _ in elf_notes(elf))


def file_kernel(path):
    """A Kernel for an image file given by path: an ELF vmlinux, or a bzImage to decompress."""
    if not path.is_file():
        raise UsageError(f"no kernel image at {path}")
    data = path.read_bytes()
    image, bzimage = path, None
    if data[:4] != b"\x7fELF":
        elf = decompress_payload(data)
        bzimage = path
        if elf and has_pvh_note(elf):
            image = cache_dir() / "kernels" / f"file-{path.name}-{zlib.crc32(data):08x}" / "vmlinux"
            if not image.exists():
                image.parent.mkdir(parents=True, exist_ok=True)
                extract_vmlinux(path, image)
        data = elf or data
    banner = re.search(rb"Linux version (\S+) ", data)
    release = banner.group(1).decode(errors="replace") if banner else "unknown"
    modules = path.parent / "lib" / "modules" / release
    return Kernel(path.name, release, image, modules if modules.is_dir() else None, "file", bzimage,
                  str(path))


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
                  f"user-mode-linux {version.split()[-1]}")


# --- modules -----------------------------------------------------------------

def module_name(path):
    name = Path(path).name
    return name[:name.index(".ko")].replace("-", "_")


def modules_for(kernel, names, optional=()):
    """The .ko files that load the named modules, dependencies first, built-in ones left out;
    compressed modules are decompressed on the host (busybox insmod takes plain .ko).
    Modules named in optional are left out where the kernel has no such module (e.g.
    crc32c_generic, which ext4 needs up to 6.12 and which 7.x no longer has)."""
    if not kernel.modules:
        raise UsageError(f"kernel {kernel.label} ({kernel.release}) has no modules")
    tree = Path(kernel.modules)
    builtin_list = read_or_empty(tree / "modules.builtin")
    builtin = {module_name(l) for l in builtin_list.split()}
    deps = module_dependencies(tree)
    ordered = []

    def visit(name, chain):
        if name in builtin or name in ordered:
            return
        if name not in deps:
            unknown = "" if builtin_list else " (and no modules.builtin to say if it is built in)"
            raise UsageError(f"kernel {kernel.label} ({kernel.release}) has no module {name}{unknown}")
        if name in chain:
            raise UsageError(f"kernel {kernel.label}: module dependency loop {' -> '.join(chain)}")
        for dep in deps[name][1]:
            visit(dep, chain + [name])
        ordered.append(name)

    for name in names:
        visit(name.replace("-", "_"), [])
    for name in optional:
        if name.replace("-", "_") in deps:
            visit(name.replace("-", "_"), [])
    return [plain_module(tree, deps[name][0]) for name in ordered]


def module_dependencies(tree):
    """{name: (relative path, [dependency names])} from modules.dep, or from each module's
    modinfo when there is no modules.dep (Debian's postinst makes it; depmod may be absent)."""
    dep_file = read_or_empty(tree / "modules.dep")
    deps = {}
    if dep_file:
        for line in dep_file.splitlines():
            path, _, rest = line.partition(":")
            deps[module_name(path)] = (path, [module_name(d) for d in rest.split()])
        return deps
    for ko in (tree / "kernel").rglob("*.ko*"):
        deps[module_name(ko)] = (str(ko.relative_to(tree)), None)
    return LazyModinfoDeps(tree, deps)


class LazyModinfoDeps(dict):
    """modules.dep's mapping, reading a module's depends= only when it is asked for."""

    def __init__(self, tree, deps):
        super().__init__(deps)
        self.tree = tree

    def __getitem__(self, name):
        path, depends = super().__getitem__(name)
        if depends is None:
            info = modinfo(read_module(self.tree / path))
            depends = [d.replace("-", "_") for d in info.get("depends", "").split(",") if d]
            self[name] = (path, depends)
        return path, depends


def read_module(path):
    path = Path(path)
    data = path.read_bytes()
    if path.suffix == ".xz":
        return lzma.decompress(data)
    if path.suffix == ".gz":
        return gzip.decompress(data)
    if path.suffix == ".zst":
        return external_decompress("zstd", data)
    return data


def modinfo(ko):
    """The key=value strings of a module's .modinfo section (64-bit little-endian ELF)."""
    shoff, = struct.unpack_from("<Q", ko, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", ko, 0x3A)
    sections = [struct.unpack_from("<IIQQQQ", ko, shoff + i * shentsize) for i in range(shnum)]
    names_at = sections[shstrndx][4]
    for name_off, _, _, _, offset, size in sections:
        name = ko[names_at + name_off:ko.index(b"\0", names_at + name_off)]
        if name == b".modinfo":
            pairs = ko[offset:offset + size].split(b"\0")
            return dict(p.decode(errors="replace").partition("=")[::2] for p in pairs if b"=" in p)
    return {}


def plain_module(tree, relative):
    """The module at tree/relative as an uncompressed .ko (decompressed once, beside the tree)."""
    path = tree / relative
    if path.suffix == ".ko":
        return path
    # beside the tree (in the cache for Debian's kernels), else in the cache
    base = tree.parent / f"{tree.name}.plain" if os.access(tree.parent, os.W_OK) else \
        cache_dir() / "plain-modules" / tree.name
    plain = base / Path(relative).with_suffix("")
    if not plain.exists():
        plain.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(str(plain) + ".tmp")
        tmp.write_bytes(read_module(path))
        tmp.rename(plain)
    return plain


# --- command line ------------------------------------------------------------

def tree_size(path):
    return sum(f.stat().st_size for f in Path(path).rglob("*") if f.is_file() and not f.is_symlink())


def list_cached():
    kernels = cache_dir() / "kernels"
    rows = []
    for kdir in sorted(kernels.glob("*")) if kernels.is_dir() else []:
        kernel = load_cached(kdir)
        if kernel:
            rows.append(f"{kernel.label:12} {kernel.release:28} {tree_size(kdir) / 1e6:7.0f} MB  {kdir}")
    apt = cache_dir() / "apt"
    if apt.is_dir():
        rows.append(f"{'(apt state)':41} {tree_size(apt) / 1e6:7.0f} MB  {apt}")
    return rows or [f"nothing cached in {cache_dir()}"]


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
            shutil.rmtree(cache_dir(), ignore_errors=True)
            print(f"removed {cache_dir()}")
            return 0
        for spec in argv:
            started = time.monotonic()
            kernel = resolve(spec)
            print(f"{spec}: {kernel}  [{time.monotonic() - started:.1f} s]")
    except UsageError as e:
        print(f"kernels: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())

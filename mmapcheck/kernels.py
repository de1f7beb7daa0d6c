"""Debian kernels to boot under qemu (and the user-mode Linux kernel), cached.

    resolve("6.1") -> Kernel      5.10, 6.1, 6.12, 7.2 (sid), each also "-cloud";
                                  "uml"; or a path to a bzImage / vmlinux
    uml_kernel() -> Kernel        Debian's user-mode-linux package

Kernels come from Debian's archive through a private apt configuration (the
system's mirror and keyring, never /etc/apt itself) and are unpacked under
<cache>/kernels/<label>/; a cached kernel needs no network.  The bzImage is
decompressed once to an ELF vmlinux that qemu boots directly (PVH): under TCG
a kernel spends seconds decompressing itself.  An entry records the hashes of
what it holds and is used only while it matches them (kernel_cache); one that
does not, or that an older mmapcheck made, is fetched again.

    python3 -m mmapcheck.kernels SPEC...   fetch and print each kernel
    python3 -m mmapcheck.kernels --list    what is cached, with sizes
"""

import dataclasses
import fcntl
import hashlib
import json
import os
import pwd
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import UsageError
from .kernel_cache import BadEntry, check_entry, private_dirs, remove_entry, safe_relative, sha256_of, \
    write_sums
from .kernel_image import HelperFailed, decompress_payload, extract_vmlinux, has_pvh_note, run_helper, \
    telling_line, write_atomically

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
    try:
        return find(str(spec))
    except OSError as e:   # a full disk, an unreadable image, a cache that is not writable
        raise UsageError(f"{e.filename or cache_dir()}: {e.strerror or e}")


def find(spec):
    if spec == "uml":
        return uml_kernel()
    if "/" in spec or (not re.fullmatch(r"[\d.]+(-cloud)?", spec) and Path(spec).is_file()):
        return file_kernel(Path(spec))
    suite, line, flavour = parse_spec(spec)
    kernels = cache_dir() / "kernels"
    kdir = kernels / spec
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
            print(f"kernels: the cached {spec} ({kdir}) cannot be used: {e}; fetching it again",
                  file=sys.stderr)
            kernel = None
        return kernel or fetch(spec, suite, line, flavour, kdir)


RECORD = {"label": str, "release": str, "flavour": str, "source": str,
          "image": str, "bzimage": (str, type(None)), "modules": (str, type(None))}
MAX_RECORD_BYTES = 1 << 20


def load_cached(kdir):
    """The Kernel cached in kdir; None when nothing is there; BadEntry (why) when
    what is there is not exactly what was fetched, or its kernel.json is not one
    this code writes."""
    if not os.path.lexists(kdir):
        return None
    check_entry(kdir)
    try:
        text = (kdir / "kernel.json").read_bytes()
        if len(text) > MAX_RECORD_BYTES:
            raise ValueError(f"larger than {MAX_RECORD_BYTES} bytes")
        record = json.loads(text)
    except (OSError, ValueError) as e:
        raise BadEntry(f"its kernel.json cannot be read: {e}")
    if not isinstance(record, dict) or set(record) != set(RECORD):
        keys = sorted(set(record) ^ set(RECORD)) if isinstance(record, dict) else ["(not an object)"]
        raise BadEntry(f"its kernel.json is not in this mmapcheck's form (keys {', '.join(map(repr, keys[:3]))})")
    for key, kind in RECORD.items():
        if not isinstance(record[key], kind):
            raise BadEntry(f"its kernel.json has {key} {record[key]!r:.80}")
    if record["label"] != kdir.name:
        raise BadEntry(f"its kernel.json is for {record['label']!r:.80}")
    paths = {}
    for key in ("image", "bzimage", "modules"):
        paths[key] = None if record[key] is None else kdir / safe_relative(record[key])
        wanted = Path.is_dir if key == "modules" else Path.is_file
        if paths[key] and not wanted(paths[key]):
            raise BadEntry(f"its {key} {record[key]!r:.80} is not there")
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
            write_atomically(self.sources, ("\n".join(entries) + "\n").encode())
        if not (self.state / "status").is_file():
            write_atomically(self.state / "status", b"")
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
        """tool's output; a failure is one line: the command, the suite, apt's telling line."""
        command = " ".join([tool] + [a for a in args if not a.startswith("-")][:1])
        try:
            return run_helper([tool, *self.options, *args], f"{command} ({self.suite})",
                              cwd=cwd).decode(errors="replace")
        except HelperFailed as e:
            if tool == "apt-cache":   # the lists are there: the package is not
                raise UsageError(f"{e} ({self.suite} has no {args[-1]}?)")
            raise


    def update(self):
        stamp = self.state / "updated"
        if stamp.exists():
            updated = stamp.stat().st_mtime
            if updated > self.sources.stat().st_mtime and time.time() - updated < UPDATE_INTERVAL_S:
                return
        self.run("apt-get", "-q", "--error-on=any", "update")
        write_atomically(stamp, b"")

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
    return telling_line(stderr) or "apt failed"


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
        debs = {}
        for deb in apt.download(packages, scratch):
            debs[deb.name] = sha256_of(deb)   # apt has checked it against the signed index
            unpack(deb, scratch / "root")
        kernel = install_tree(scratch / "root", kdir, label, release, flavour,
                              f"{suite}: {', '.join(packages)} ({meta} {meta_version})", debs)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return kernel


def unpack(deb, into):
    if not shutil.which("dpkg-deb"):
        raise UsageError("dpkg-deb not found: apt-get install dpkg")
    run_helper(["dpkg-deb", "-x", deb, into], f"dpkg-deb -x {deb.name}")


def install_tree(root, kdir, label, release, flavour, source, debs=None):
    """Move an unpacked kernel tree into kdir with a kernel.json describing it,
    the packages' hashes (debs: {file name: SHA-256}) and SHA256SUMS."""
    candidates = [root / "boot" / f"vmlinuz-{release}",
                  root / "usr/lib/modules" / release / "vmlinuz",
                  root / "lib/modules" / release / "vmlinuz"]
    bzimage = next((p for p in candidates if p.is_file()), None)
    if not bzimage:
        raise UsageError(f"no vmlinuz for {release} in the packages from {source}")
    modules = next((p for p in (root / "lib/modules" / release, root / "usr/lib/modules" / release)
                    if (p / "kernel").is_dir()), None)
    if modules and not (modules / "modules.dep").exists() and depmod_path():
        depmod(modules, release, root.parent / "depmod-base")
    vmlinux = root.parent / "vmlinux"
    image = vmlinux if extract_vmlinux(bzimage, vmlinux) else bzimage
    staging = kdir.with_name(kdir.name + ".new")
    remove_entry(staging)
    staging.mkdir(parents=True)
    keep_only(root, [bzimage, modules], staging / "root")
    if image == vmlinux:
        vmlinux.rename(staging / "vmlinux")
    relative = lambda p: p.relative_to(root.parent).as_posix() if p else None
    record = {"label": label, "release": release, "flavour": flavour, "source": source,
              "image": relative(image), "bzimage": relative(bzimage), "modules": relative(modules)}
    (staging / "kernel.json").write_text(json.dumps(record, indent=1) + "\n")
    (staging / "packages.sha256").write_text("".join(f"{h}  {n}\n" for n, h in sorted((debs or {}).items())))
    try:
        write_sums(staging)
    except BadEntry as e:
        raise UsageError(f"the packages from {source} cannot be cached: {e}")
    remove_entry(kdir)
    staging.rename(kdir)
    return load_cached(kdir)


def keep_only(root, paths, into):
    """Move paths (inside root; None is skipped) to the same places under into.
    A boot uses the image and the modules; the rest of the packages (documentation,
    bug-reporting links, which are symbolic links from 7.x on) is left behind, so
    the cache holds no link and nothing it does not need."""
    moved = []
    for path in sorted(filter(None, paths), key=lambda p: len(p.parts)):
        if any(path.is_relative_to(m) for m in moved):
            continue   # 7.x's vmlinuz is inside its modules directory
        moved.append(path)
        place = into / path.relative_to(root)
        place.parent.mkdir(parents=True, exist_ok=True)
        path.rename(place)


def depmod(modules, release, base):
    """modules.dep and the rest for the tree at modules (.../lib/modules/R or
    .../usr/lib/modules/R).  depmod -b BASE reads BASE/lib/modules/R, or
    BASE/usr/lib/modules/R where kmod is built for a merged /usr: BASE holds
    both, as links to the tree."""
    for place in ("lib/modules", "usr/lib/modules"):
        (base / place).mkdir(parents=True)
        (base / place / release).symlink_to(modules.resolve())
    run_helper([depmod_path(), "-b", base, release], "depmod")


def depmod_path():
    return shutil.which("depmod") or next((p for p in ("/sbin/depmod", "/usr/sbin/depmod")
                                           if os.access(p, os.X_OK)), None)


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
            rows.append(f"{kdir.name!r:12} cannot be used, fetched again when asked for: {e}")
            continue
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
            remove_entry(cache_dir())
            print(f"removed {cache_dir()}")
            return 0
        for spec in argv:
            started = time.monotonic()
            kernel = resolve(spec)
            print(f"{spec}: {kernel}  [{time.monotonic() - started:.1f} s]")
    except UsageError as e:
        print(f"kernels: {e}", file=sys.stderr)
        return 2
    except OSError as e:   # the cache itself: unwritable, a full disk
        print(f"kernels: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())

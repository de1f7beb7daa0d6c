"""A kernel as the targets use it (Kernel), and a cache entry's kernel.json:
what is written when a kernel is fetched, and the checks before one is used.

An entry made before other architectures (kernel.json without arch, page_size
and image_format) holds an amd64 kernel, the only kind fetched then: it is
read as one, so existing caches stay valid."""

import dataclasses
import json
import os
import re
from pathlib import Path

from .kernel_cache import BadEntry, check_entry, safe_relative
from .kernel_image import image_format

DEFAULT_ARCH = "amd64"


@dataclasses.dataclass
class Kernel:
    label: str             # "6.1", "6.1-cloud", "6.12-16k@arm64", "7.2", "uml", or the image's file name
    release: str           # uname -r, e.g. 6.1.0-40-amd64
    image: Path            # what qemu's -kernel takes: for amd64 an ELF vmlinux with a PVH note (or
    #                        the bzImage), for the others the file as Debian ships it (image_format)
    modules: Path = None   # lib/modules/<release>, None when there are none
    flavour: str = "generic"   # "generic", "cloud", "rt", "16k", "64k", "uml", "file"
    bzimage: Path = None   # the compressed x86 image it came from, if any
    source: str = ""       # where it came from: suite, package, version
    arch: str = DEFAULT_ARCH   # its Debian architecture: amd64, arm64, ppc64el, riscv64, s390x
    page_size: int = None  # bytes, from its config; None when not known
    image_format: str = ""  # what image is: elf, bzimage, arm64-image, riscv64-image, s390x-image, ...

    def package(self):
        """(Debian package, its version) the kernel came in, read back from
        source as kernel_fetch and kernels.uml_kernel() write it; the version is
        "" when source does not name it; None for an image file given by path.
        A Debian kernel carries no git commit: this is what identifies its build."""
        if self.flavour == "file":
            return None
        if self.flavour == "uml":
            uml = re.fullmatch(r"(user-mode-linux) (\S+)", self.source)
            return (uml[1], uml[2]) if uml else ("user-mode-linux", "")
        # The image package is linux-image-<release> (kernel_fetch.install_build), also
        # from 7.x, where it only depends on linux-binary-, linux-modules- and linux-base-<release>.
        fetched = DEBIAN_SOURCE.match(self.source)
        return f"linux-image-{self.release}", fetched["version"] if fetched else ""


# kernel_fetch's source: "ARCHIVE[, ARCHIVE]: PACKAGE[, PACKAGE] VERSION (how it was found)...";
# a Debian version starts with a digit (an epoch too), a package name never does.
DEBIAN_SOURCE = re.compile(r"[^\s:,]+(?:, [^\s:,]+)*: \S+(?:, \S+)* (?P<version>[0-9][^\s(]*) \(")


RECORD = {"label": str, "release": str, "flavour": str, "source": str, "arch": str,
          "page_size": (int, type(None)), "image": str, "image_format": str,
          "bzimage": (str, type(None)), "modules": (str, type(None))}
BEFORE_ARCHES = set(RECORD) - {"arch", "page_size", "image_format"}   # an older mmapcheck's keys
MAX_RECORD_BYTES = 1 << 20


def write_record(path, **record):
    """kernel.json with exactly RECORD's keys."""
    assert set(record) == set(RECORD), sorted(set(record) ^ set(RECORD))
    Path(path).write_text(json.dumps(record, indent=1) + "\n")


def load_cached(kdir):
    """The Kernel cached in kdir; None when nothing is there; BadEntry (why) when
    what is there is not exactly what was fetched, or its kernel.json is not one
    this code writes (or, for an amd64 entry, one it wrote before other architectures)."""
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
    before_arches = isinstance(record, dict) and set(record) == BEFORE_ARCHES and "@" not in kdir.name
    if before_arches:
        record.update(arch=DEFAULT_ARCH, page_size=4096, image_format="")
    if not isinstance(record, dict) or set(record) != set(RECORD):
        keys = sorted(set(record) ^ set(RECORD)) if isinstance(record, dict) else ["(not an object)"]
        raise BadEntry(f"its kernel.json is not in this mmapcheck's form (keys {', '.join(map(repr, keys[:3]))})")
    for key, kind in RECORD.items():
        if not isinstance(record[key], kind) or (key == "page_size" and isinstance(record[key], bool)):
            raise BadEntry(f"its kernel.json has {key} {record[key]!r:.80}")
    if record["label"] != kdir.name:
        raise BadEntry(f"its kernel.json is for {record['label']!r:.80}")
    paths = {}
    for key in ("image", "bzimage", "modules"):
        paths[key] = None if record[key] is None else kdir / safe_relative(record[key])
        wanted = Path.is_dir if key == "modules" else Path.is_file
        if paths[key] and not wanted(paths[key]):
            raise BadEntry(f"its {key} {record[key]!r:.80} is not there")
    if before_arches:
        record["image_format"] = image_format(paths["image"])
    return Kernel(**{**record, **paths})

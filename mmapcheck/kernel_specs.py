"""What a kernel spec names: LINE[-FLAVOUR][@ARCH].

    6.1            bookworm's amd64 kernel          6.12-16k@arm64   trixie's arm64 kernel, 16K pages
    6.1-rt         ... its PREEMPT_RT flavour       6.12-64k@ppc64el trixie's powerpc64le-64k kernel
    6.12@s390x     trixie's s390x kernel            7.2              sid's amd64 kernel

ARCH is a Debian architecture name (amd64 when left out); FLAVOUR one of
Debian's kernel flavours for it.  A spec resolves through Debian's
metapackage for the flavour, linux-image-<flavour> (e.g. linux-image-arm64-16k,
linux-image-rt-amd64), in the line's suite; a line also built for another suite
(6.12 for bookworm-security) has that suite as a fallback, where the
metapackage is linux-image-<line>-<flavour>."""

import dataclasses
import re

from . import UsageError

# Kernel line -> its Debian suites: where it is at home, then where else it is built
# (bookworm-security carries 6.12).  Any other line is looked for in sid.
LINES = {"5.10": ("bullseye",), "6.1": ("bookworm",), "6.12": ("trixie", "bookworm")}
DEVELOPMENT_SUITE = "sid"
DEFAULT_ARCH = "amd64"

# Debian architecture -> (Debian's name for its default kernel flavour, the other
# flavours a spec may name, the page size when the architecture has only one).
# Flavours named by page size come after the architecture's (arm64-16k), the others
# before it (rt-amd64, cloud-arm64), as Debian names them.
ARCHES = {
    "amd64": ("amd64", ("cloud", "rt"), 4096),
    "arm64": ("arm64", ("16k", "cloud", "rt"), None),
    "ppc64el": ("powerpc64le", ("64k",), None),
    "riscv64": ("riscv64", (), 4096),
    "s390x": ("s390x", (), 4096),
}
PAGE_SIZE_FLAVOURS = ("16k", "64k")
# What a user may type instead, as uname -m says it.
UNAME_MACHINES = {"x86_64": "amd64", "aarch64": "arm64", "ppc64le": "ppc64el", "powerpc64le": "ppc64el",
                  "riscv": "riscv64", "s390": "s390x"}
SPEC = re.compile(r"(\d+\.\d+)(?:-([A-Za-z0-9]+))?(?:@([A-Za-z0-9_]+))?")
SPELLING = "LINE[-FLAVOUR][@ARCH]"


@dataclasses.dataclass(frozen=True)
class Spec:
    line: str                # "6.12"
    flavour: str = "generic"  # "generic" or one of ARCHES[arch][1]
    arch: str = DEFAULT_ARCH  # a Debian architecture

    @property
    def label(self):
        """The spec as written canonically, and the name of its cache entry: amd64
        specs are named as they were before other architectures ("6.1-cloud")."""
        return self.line + ("" if self.flavour == "generic" else f"-{self.flavour}") + \
            ("" if self.arch == DEFAULT_ARCH else f"@{self.arch}")

    @property
    def suites(self):
        return LINES.get(self.line, (DEVELOPMENT_SUITE,))

    @property
    def debian_flavour(self):
        """Debian's name for the flavour: amd64, cloud-amd64, arm64-16k, powerpc64le-64k, ..."""
        base = ARCHES[self.arch][0]
        if self.flavour == "generic":
            return base
        return f"{base}-{self.flavour}" if self.flavour in PAGE_SIZE_FLAVOURS else f"{self.flavour}-{base}"

    def metapackages(self, suite):
        """The metapackages that name this kernel in suite, the unversioned one first
        (linux-image-arm64-16k) and, outside the line's own suite, the line's own
        (linux-image-6.12-arm64-16k, as bookworm-security has it)."""
        names = [f"linux-image-{self.debian_flavour}"]
        if suite != self.suites[0]:
            names.append(f"linux-image-{self.line}-{self.debian_flavour}")
        return names


def spelling_help():
    """One line: how a spec is written, and each architecture's flavours."""
    flavours = ", ".join(f"{arch} {'/'.join(extra) or 'none'}" for arch, (_, extra, _) in ARCHES.items())
    return (f"{SPELLING}, e.g. 6.1, 6.12-cloud, 6.1-rt, 6.12-16k@arm64, 6.12@s390x; lines "
            f"{', '.join(LINES)} and sid's (7.x); ARCH and its flavours: {flavours}")


def parse_spec(spec):
    """The Spec that spec (a string) names; UsageError (one line) for anything else."""
    m = SPEC.fullmatch(spec)
    if not m:
        raise UsageError(f"no such kernel: {spec!r} (give {spelling_help()}; or uml, or a path to a kernel image)")
    line, flavour, arch = m.group(1), m.group(2) or "generic", m.group(3) or DEFAULT_ARCH
    if arch not in ARCHES:
        hint = f"Debian calls it {UNAME_MACHINES[arch]}; " if arch in UNAME_MACHINES else ""
        raise UsageError(f"no such kernel: {spec!r}: no Debian architecture {arch!r} "
                         f"({hint}known: {', '.join(ARCHES)})")
    extra = ARCHES[arch][1]
    if flavour != "generic" and flavour not in extra:
        offered = f"flavours {', '.join(extra)}" if extra else "no flavour but the generic one"
        raise UsageError(f"no such kernel: {spec!r}: {arch} has no flavour {flavour!r} (it has {offered})")
    return Spec(line, flavour, arch)


def release_is_of_line(release, line):
    """Whether a release (6.12.117+deb13-arm64, 6.1.0-57-amd64) is of the line (6.12, 6.1)."""
    return release.startswith(line + ".") or release.startswith(line + "-")

"""Fetching a Debian kernel into the cache: the metapackage resolved in the
line's suite, the image and modules packages downloaded (a build the pool has
lost, 404, is replaced by the line's next build: the suite's older one, then
the other suites the line is built for, then older builds still in the lists),
unpacked, and moved into <cache>/kernels/<label>/ with its record and hashes.

amd64 keeps the ELF vmlinux decompressed from the bzImage (qemu boots it
directly through PVH); the other architectures keep the image as Debian ships
it, which is what their qemu takes: arm64's vmlinuz (an Image), ppc64el's
vmlinux (an ELF), riscv64's vmlinux (an Image with a PE header), s390x's
vmlinuz.  The page size comes from the package's config."""

import dataclasses
import os
import re
import shutil
import tempfile
from pathlib import Path

from . import UsageError
from .kernel_apt import Apt, depends_of, read_or_empty
from .kernel_cache import BadEntry, remove_entry, sha256_of, write_sums
from .kernel_image import HelperFailed, config_page_size, extract_vmlinux, image_format, run_helper
from .kernel_record import load_cached, write_record
from .kernel_specs import ARCHES, LINES, release_is_of_line


class NotInPool(Exception):
    """apt-get download got a 404: the lists name a file the archive no longer has."""


def fetch(spec, kdir, apt_root):
    """Fetch the kernel spec (a kernel_specs.Spec) into kdir; the Kernel.  Builds are
    tried in this order, the first that downloads used: those the metapackages name
    in the line's suite, newest first (the -security suite's, then the suite's own),
    then in the other suites of the line, then older builds of the line still in
    the suites' lists.
    The Kernel's source names the archive it came from and the builds skipped."""
    missing, offered, tried, apts = [], [], set(), {}
    searches = [(current_builds, suite) for suite in spec.suites] + [(older_builds, suite) for suite in spec.suites]
    for n, (search, suite) in enumerate(searches):
        if n and not missing:
            break   # the other searches are for builds the pool has lost, not for lines a suite lacks
        if suite not in apts:
            apts[suite] = Apt(suite, apt_root, spec.arch)
            apts[suite].update()
        for build in search(apts[suite], spec, offered):
            if build.image in tried:
                continue
            tried.add(build.image)
            try:
                return install_build(apts[suite], spec, kdir, build, missing)
            except NotInPool:   # the next build; the source of the one used names this one
                missing.append(f"{build.archive}'s {' '.join(build.image)}")
    if missing:
        raise UsageError(f"no build of {spec.label} can be downloaded: "
                         f"{', '.join(missing)} not in the pool (404)")
    suite, names = spec.suites[0], " or ".join(spec.metapackages(spec.suites[0]))
    if offered:
        raise UsageError(f"no Debian kernel line {spec.line} for {spec.arch}: {suite} offers "
                         f"{', '.join(sorted(set(offered)))} (lines: {', '.join(LINES)}, and sid's)")
    raise UsageError(f"no kernel {spec.label}: {suite} has no {names} for {spec.arch}")


@dataclasses.dataclass
class Build:
    image: tuple     # (image package, its version)
    archive: str     # where the lists have it: bookworm-security, trixie, ...
    named_by: str    # "linux-image-arm64 6.12.118-1", or why else it is tried


def current_builds(apt, spec, offered):
    """The builds of the spec's line that its metapackages name in apt's lists, newest
    first; the releases of other lines they name are added to offered."""
    for meta in spec.metapackages(apt.suite):
        for version, archive in apt.versions(meta):
            images = [(name, v) for name, v in depends_of(apt.show(f"{meta}={version}"))
                      if name.startswith("linux-image-") and name != meta]
            for name, image_version in images[:1]:
                if release_is_of_line(name[len("linux-image-"):], spec.line):
                    yield Build((name, image_version or ""), archive, f"{meta} {version}")
                else:
                    offered.append(name[len("linux-image-"):])


def older_builds(apt, spec, offered):
    """The builds of the spec's line and flavour still in apt's lists that no metapackage
    names any more (trixie keeps 6.12.107's images beside 6.12.117's), newest first."""
    flavour = spec.debian_flavour
    release = re.compile(rf"{re.escape(spec.line)}\.\d+(?:-\d+|\+deb\d+(?:\.\d+)?)-{re.escape(flavour)}")
    names = [n for n in apt.run("apt-cache", "pkgnames", f"linux-image-{spec.line}.").split()
             if release.fullmatch(n[len("linux-image-"):])]
    numbers = lambda name: tuple(int(x) for x in re.findall(r"\d+", name[:-len(flavour)]))
    for name in sorted(names, key=numbers, reverse=True):
        for version, archive in apt.versions(name):
            yield Build((name, version), archive, f"an older build in {apt.suite}'s lists")


def install_build(apt, spec, kdir, build, missing):
    """Download and install one build; NotInPool when the archive answers 404."""
    image_package, image_version = build.image
    release = image_package[len("linux-image-"):]
    # From 7.x the image package is empty: linux-binary-R (vmlinuz), linux-modules-R and
    # linux-base-R (modules.builtin, config) hold the kernel.
    pinned = f"{image_package}={image_version}" if image_version else image_package
    parts = [(name, v) for name, v in depends_of(apt.show(pinned))
             if name in (f"linux-{part}-{release}" for part in ("binary", "modules", "base"))]
    packages = parts or [(image_package, image_version)]
    scratch = Path(tempfile.mkdtemp(prefix="fetch-", dir=apt.root))
    try:
        try:
            debs, archives = apt.download_from([f"{name}={v}" if v else name for name, v in packages], scratch)
        except HelperFailed as e:
            if re.search(r"\s404\s", str(e)):
                raise NotInPool()
            raise
        source = f"{', '.join(archives) or build.archive}: {', '.join(name for name, _ in packages)} " \
                 f"{image_version} ({build.named_by})".replace("  (", " (")
        if missing:
            source += f"; not in the pool: {', '.join(missing)}"
        hashes = {}
        for deb in debs:
            hashes[deb.name] = sha256_of(deb)   # apt has checked it against the signed index
            unpack(deb, scratch / "root")
        return install_tree(scratch / "root", kdir, spec.label, release, spec.flavour, source, hashes,
                            arch=spec.arch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def unpack(deb, into):
    if not shutil.which("dpkg-deb"):
        raise UsageError("dpkg-deb not found: apt-get install dpkg")
    run_helper(["dpkg-deb", "-x", deb, into], f"dpkg-deb -x {deb.name}")


def install_tree(root, kdir, label, release, flavour, source, debs=None, arch="amd64"):
    """Move an unpacked kernel tree into kdir with a kernel.json describing it,
    the packages' hashes (debs: {file name: SHA-256}) and SHA256SUMS."""
    candidates = [root / "boot" / f"{name}-{release}" for name in ("vmlinuz", "vmlinux")] + \
        [root / place / release / "vmlinuz" for place in ("usr/lib/modules", "lib/modules")]
    shipped = next((p for p in candidates if p.is_file()), None)
    if not shipped:
        raise UsageError(f"no vmlinuz or vmlinux for {release} in the packages from {source}")
    modules = next((p for p in (root / "lib/modules" / release, root / "usr/lib/modules" / release)
                    if (p / "kernel").is_dir()), None)
    if modules and not (modules / "modules.dep").exists() and depmod_path():
        depmod(modules, release, root.parent / "depmod-base")
    configs = [root / "boot" / f"config-{release}"] + \
        [root / place / release / "config" for place in ("usr/lib/modules", "lib/modules")]
    config = next((p for p in configs if p.is_file()), None)
    page_size = config_page_size(read_or_empty(config)) if config else ARCHES.get(arch, (0, 0, None))[2]
    vmlinux = root.parent / "vmlinux"
    if arch == "amd64" and extract_vmlinux(shipped, vmlinux):
        image, bzimage = vmlinux, shipped
    else:
        image, bzimage = shipped, shipped if arch == "amd64" else None
    staging = kdir.with_name(kdir.name + ".new")
    remove_entry(staging)
    staging.mkdir(parents=True)
    keep_only(root, [shipped, modules], staging / "root")
    if image == vmlinux:
        vmlinux.rename(staging / "vmlinux")
    relative = lambda p: p.relative_to(root.parent).as_posix() if p else None
    write_record(staging / "kernel.json", label=label, release=release, flavour=flavour, source=source,
                 arch=arch, page_size=page_size, image=relative(image),
                 image_format=image_format(staging / relative(image)),
                 bzimage=relative(bzimage), modules=relative(modules))
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
    .../usr/lib/modules/R), whatever its architecture.  depmod -b BASE reads
    BASE/lib/modules/R, or BASE/usr/lib/modules/R where kmod is built for a
    merged /usr: BASE holds both, as links to the tree."""
    for place in ("lib/modules", "usr/lib/modules"):
        (base / place).mkdir(parents=True)
        (base / place / release).symlink_to(modules.resolve())
    run_helper([depmod_path(), "-b", base, release], "depmod")


def depmod_path():
    return shutil.which("depmod") or next((p for p in ("/sbin/depmod", "/usr/sbin/depmod")
                                           if os.access(p, os.X_OK)), None)

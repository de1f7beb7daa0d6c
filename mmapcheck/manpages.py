"""The newest man-pages release in Debian (sid's manpages-dev), fetched and
cached for `runner.py coverage`, which reads it beside the installed pages.

The package comes through the private apt configuration the kernel targets use
(kernels.Apt: the system's mirror and keyring, apt state under the cache), so
apt has checked its signature and hash.  Only the pages coverage reads are
kept, as plain groff files (a page the package ships as a symbolic link is
stored under its own name with its target's text), in
<cache>/manpages/<suite>/ with a SHA256SUMS (kernel_cache): an entry is used
only while it holds exactly the files recorded, none of them a link.  apt is
asked at most once a day whether a newer release came out (the stamp
<cache>/manpages/<suite>.checked); in between, and with --offline, the cached
entry is used as it is.
"""

import fcntl
import gzip
import io
import json
import os
import re
import shutil
import tempfile
import time
from pathlib import Path

from . import UsageError
from .kernel_cache import BadEntry, check_entry, private_dirs, remove_entry, sha256_of, write_sums
from .kernel_image import write_atomically

SUITE = "sid"
PACKAGE = "manpages-dev"          # sections 2 and 3, and 2const since 6.10
CHECK_INTERVAL_S = 24 * 3600      # ask apt for a newer release at most this often
MAX_PAGE_BYTES = 4 << 20          # the largest page (fcntl.2) is well under 100 KiB
RECORD = "release.json"


class Newest:
    """Where the newest release's pages are: mandir (holding man2/, man3/), and its version."""

    def __init__(self, mandir, version, note=""):
        self.mandir, self.version, self.note = Path(mandir), version, note


def entry_dir():
    from .kernels import cache_dir   # kernels imports much; only a fetch needs it
    return cache_dir() / "manpages" / SUITE


def newest(pages, offline=False):
    """The newest release's pages (a Newest), fetched or taken from the cache;
    UsageError (one line: why) when neither gives them.  pages: the
    (name, section) pairs to keep."""
    top = entry_dir()
    cached = load_cached(top, pages)
    stamp = top.with_name(SUITE + ".checked")
    fresh = stamp.is_file() and time.time() - stamp.stat().st_mtime < CHECK_INTERVAL_S
    if cached and (offline or fresh):
        return cached
    if offline:
        raise UsageError(f"--offline and no usable copy in {top}")
    try:
        return fetch(top, pages, cached, stamp)
    except (UsageError, OSError, BadEntry) as e:
        if cached:
            cached.note = f"could not look for a newer release ({one_line(e)}); using the cached one"
            return cached
        raise UsageError(one_line(e))


def one_line(error):
    text = str(error) if not isinstance(error, OSError) else f"{error.filename or ''}: {error.strerror or error}"
    return " ".join(text.split())[:300]


def load_cached(top, pages):
    """The cached entry at top as a Newest, or None when there is none, it holds
    other pages than those asked for, or it is not exactly what was fetched."""
    try:
        if not os.path.lexists(top):
            return None
        check_entry(top)
        raw = (top / RECORD).read_bytes()
        record = json.loads(raw[:1 << 16])
        if (not isinstance(record, dict) or not isinstance(record.get("version"), str)
                or record.get("pages") != sorted(f"{n}.{s}" for n, s in pages)):
            return None
    except (BadEntry, OSError, ValueError):
        return None
    return Newest(top / "man", record["version"])


def fetch(top, pages, cached, stamp):
    from .kernels import Apt
    cache = top.parent.parent
    cache.mkdir(parents=True, exist_ok=True)
    apt = Apt(SUITE, cache / "apt")
    apt.update()
    version, _ = apt.depends(PACKAGE)
    if cached and cached.version == version:
        write_atomically(stamp, b"")
        return cached
    private_dirs(cache, "manpages")
    with open(os.open(top.parent / ".lock", os.O_WRONLY | os.O_CREAT | os.O_NOFOLLOW, 0o644), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)   # another runner may be fetching it too
        done = load_cached(top, pages)
        if done and done.version == version:   # ... and has, while this one waited
            write_atomically(stamp, b"")
            return done
        scratch = Path(tempfile.mkdtemp(prefix="fetch-", dir=top.parent))
        try:
            debs = apt.download([PACKAGE], scratch)
            if len(debs) != 1:
                raise UsageError(f"apt-get download {PACKAGE} gave {len(debs)} files")
            from .kernels import unpack
            unpack(debs[0], scratch / "root")
            staging = top.with_name(SUITE + ".new")
            remove_entry(staging)
            keep_pages(scratch / "root" / "usr/share/man", staging / "man", pages)
            (staging / RECORD).write_text(json.dumps({
                "version": version, "package": PACKAGE, "suite": SUITE,
                "deb_sha256": sha256_of(debs[0]), "pages": sorted(f"{n}.{s}" for n, s in pages)}, indent=1) + "\n")
            write_sums(staging)
            remove_entry(top)
            staging.rename(top)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
    write_atomically(stamp, b"")
    return Newest(top / "man", version)


def read_page(path, name):
    """A page's groff source, decompressed, at most MAX_PAGE_BYTES."""
    with open(path, "rb") as f:
        raw = f.read(MAX_PAGE_BYTES + 1)
    if str(path).endswith(".gz"):
        try:
            raw = gzip.GzipFile(fileobj=io.BytesIO(raw)).read(MAX_PAGE_BYTES + 1)
        except (OSError, EOFError) as e:
            raise UsageError(f"{PACKAGE}'s {name} cannot be decompressed: {e}")
    if len(raw) > MAX_PAGE_BYTES:
        raise UsageError(f"{PACKAGE}'s {name} is larger than {MAX_PAGE_BYTES} bytes")
    return raw


def keep_pages(unpacked, into, pages):
    """Copy the pages asked for from the unpacked package as plain regular files.
    A page the package ships as a link is read through it only when the link
    stays inside the package's man directory; a page it lacks is left out
    (it is not in that release)."""
    root = os.path.realpath(unpacked)
    for name, section in pages:
        for suffix in (f".{section}.gz", f".{section}"):
            path = Path(unpacked, f"man{section[0]}", name + suffix)
            if not os.path.lexists(path):
                continue
            real = os.path.realpath(path)
            if os.path.commonpath([root, real]) != root or not os.path.isfile(real):
                raise UsageError(f"{PACKAGE}'s {path.name} points outside its man pages")
            raw = read_page(real, path.name)
            so = re.match(rb"^\.so\s+(man\d/[\w.-]+)\s*$", raw.strip())
            if so:   # a page that is a .so line: the text of the page it names, in the package
                target = os.path.realpath(Path(unpacked, so.group(1).decode()))
                for candidate in (target, target + ".gz"):
                    if os.path.commonpath([root, candidate]) == root and os.path.isfile(candidate):
                        raw = read_page(candidate, path.name)
                        break
            (into / f"man{section[0]}").mkdir(parents=True, exist_ok=True)
            (into / f"man{section[0]}" / f"{name}.{section}").write_bytes(raw)
            break


"""Trust in the kernel cache.  apt checks the archive's signatures and the
packages' hashes when it downloads them; from then on the cache is only files
on disk, which anything may have changed (an interrupted copy, a full disk,
another program, an older mmapcheck).  So when a kernel is unpacked, its
directory gets a SHA256SUMS listing every file in it (kernel.json, the
packages' own hashes in packages.sha256, the unpacked tree, vmlinux), and an
entry is used only when the directory holds exactly those files, each with its
recorded hash, and no symbolic link or other kind of file: nothing booted or
loaded can come from outside the entry.  `sha256sum -c SHA256SUMS` in the
directory checks it by hand."""

import hashlib
import os
import re
import shutil
import stat
from pathlib import Path, PurePosixPath

from . import UsageError

SUMS = "SHA256SUMS"
MAX_SUMS_BYTES = 16 << 20     # a generic kernel's ~6000 modules need under 1 MiB
MAX_FILE_BYTES = 1 << 30      # no file of a kernel package comes near this
SUMS_LINE = re.compile(r"([0-9a-f]{64})  (.+)")


class BadEntry(Exception):
    """Why a cache entry cannot be used: one line."""


def sha256_of(path, limit=MAX_FILE_BYTES):
    """The SHA-256 of the regular file at path (never through a symbolic link), read in chunks."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    with open(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
            raise BadEntry(f"{str(path)!r} is not a regular file")
        digest, size = hashlib.sha256(), 0
        while chunk := f.read(1 << 20):
            size += len(chunk)
            if size > limit:
                raise BadEntry(f"{str(path)!r} is larger than {limit} bytes")
            digest.update(chunk)
    return digest.hexdigest()


def safe_relative(name):
    """name when it is a relative path that stays where it is put, else BadEntry."""
    parts = PurePosixPath(name).parts
    if (not parts or PurePosixPath(name).is_absolute() or ".." in parts or name != "/".join(parts)
            or not name.isprintable()):
        raise BadEntry(f"path {name!r} leaves the cache entry or is not a plain relative path")
    return name


def files_of(top):
    """The relative names of the regular files below top, walked without following
    links; BadEntry on a symbolic link or any other kind of file."""
    names = []
    for dirpath, dirnames, filenames in os.walk(top, onerror=lambda e: _raise(e)):
        for name in dirnames + filenames:
            path = os.path.join(dirpath, name)
            mode = os.lstat(path).st_mode
            relative = os.path.relpath(path, top)
            if stat.S_ISLNK(mode):
                raise BadEntry(f"{relative!r} is a symbolic link")
            if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
                raise BadEntry(f"{relative!r} is neither a file nor a directory")
            if stat.S_ISREG(mode):
                names.append(relative)
    return sorted(names)


def _raise(error):
    raise BadEntry(f"cannot read {error.filename!r}: {error.strerror}")


def write_sums(top):
    """Record the hash of every file below top in top/SHA256SUMS."""
    lines = []
    for name in files_of(top):
        if name != SUMS:
            safe_relative(name)   # sha256sum's format has no room for a line break in a name
            lines.append(f"{sha256_of(Path(top, name))}  {name}\n")
    (Path(top) / SUMS).write_text("".join(lines))


def check_entry(top):
    """BadEntry unless top is a directory (not a link) whose files are exactly
    those its SHA256SUMS records, each with the recorded hash."""
    try:
        check_files(top)
    except OSError as e:   # unreadable, or changing under our feet
        name = os.path.relpath(e.filename, top) if e.filename else "a file"
        raise BadEntry(f"{name!r} cannot be read: {e.strerror}")


def check_files(top):
    if os.path.islink(top) or not os.path.isdir(top):
        raise BadEntry("is a symbolic link" if os.path.islink(top) else "is not a directory")
    try:
        fd = os.open(Path(top) / SUMS, os.O_RDONLY | os.O_NOFOLLOW)
    except FileNotFoundError:
        raise BadEntry(f"has no {SUMS} (an older mmapcheck made it, without recording hashes)")
    with open(fd, "rb") as f:
        text = f.read(MAX_SUMS_BYTES + 1)
    if len(text) > MAX_SUMS_BYTES:
        raise BadEntry(f"its {SUMS} is larger than {MAX_SUMS_BYTES} bytes")
    recorded = {}
    for n, line in enumerate(text.decode(errors="replace").splitlines(), 1):
        m = SUMS_LINE.fullmatch(line)
        if not m:
            raise BadEntry(f"{SUMS} line {n} is not '<sha256>  <path>'")
        recorded[safe_relative(m.group(2))] = m.group(1)
    present = set(files_of(top)) - {SUMS}
    added, missing = sorted(present - set(recorded)), sorted(set(recorded) - present)
    if added:
        raise BadEntry(f"{added[0]!r} was not there when the kernel was fetched")
    if missing:
        raise BadEntry(f"{missing[0]!r} is missing")
    for name, digest in sorted(recorded.items()):
        if sha256_of(Path(top, name)) != digest:
            raise BadEntry(f"{name!r} is not the file that was fetched (its SHA-256 differs)")


def remove_entry(path):
    """Remove a cache entry, whatever is there: a link itself, never what it points to."""
    if os.path.islink(path) or os.path.isfile(path):
        os.unlink(path)
    elif os.path.isdir(path):
        shutil.rmtree(path)


def private_dirs(top, relative):
    """top/relative, its directories made one at a time, none of them a link: a
    write there stays below top."""
    path = Path(top)
    try:
        parts = PurePosixPath(safe_relative(str(relative))).parts
    except BadEntry as e:
        raise UsageError(f"cannot make a directory below {top}: {e}")
    for part in parts:
        path = path / part
        try:
            os.mkdir(path)
        except FileExistsError:
            if path.is_symlink() or not path.is_dir():
                raise UsageError(f"{path} is not a directory of the cache (a link or a file): "
                                 "remove it and run again")
    return path

"""Writing an output file or a report directory where others may write too (a
shared reports/ directory, /tmp).  Each is written under a fresh name that
only this process can have created (mkstemp, mkdtemp: O_CREAT|O_EXCL, mode
0600/0700) in the destination's own directory, then renamed into place.  A
rename replaces a name and never follows it, so a symbolic link planted at
a temporary name or at the destination is never written through.

A destination that already is a symbolic link is refused (one line, exit 2):
nobody asked us to replace it, and writing through it is what an attacker
who planted it wants.  The directory given to write into (--out, --reports)
is the user's choice and is used as given."""

import contextlib
import os
import shutil
import tempfile
from pathlib import Path

from . import UsageError

# The permissions an ordinary write would have given; the umask can only be
# read by setting it, which is done once here, before any thread starts.
UMASK = os.umask(0o022)
os.umask(UMASK)


def refuse_link(path):
    if path.is_symlink():
        raise UsageError(f"{path} is a symbolic link: not writing through it nor replacing it "
                         "(remove it, or write elsewhere)")


def write_file(path, text):
    """Replaces path with a file holding text (UTF-8), whole or not at all."""
    path = Path(path)
    refuse_link(path)
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".partial")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            os.fchmod(f.fileno(), 0o666 & ~UMASK)
            f.write(text)
        os.replace(tmp, path)
    except BaseException as e:
        if tmp:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        if isinstance(e, OSError):
            raise UsageError(f"cannot write {path}: {e.strerror or e}") from None
        raise


def write_dir(final, fill, tmp=None):
    """Replaces the directory final with one that fill(directory) writes,
    whole: an error or Ctrl-C in fill leaves the previous one in place and no
    half-written directory behind.  tmp, if given, is a directory of our own
    (made by partial_dir() beside final) already partly filled; it is used up
    either way."""
    final = Path(final)
    refuse_link(final)
    aside = None
    moved = False
    try:
        tmp = tmp or partial_dir(final.parent, f".{final.name}.")
        fill(tmp)
        os.chmod(tmp, 0o777 & ~UMASK)
        if os.path.lexists(final):
            # Moved onto an empty directory of our own making: a rename over a
            # directory replaces it only when it is empty, and follows nothing.
            aside = tempfile.mkdtemp(dir=final.parent, prefix=f".{final.name}.old-")
            os.rename(final, aside)
            moved = True
        os.rename(tmp, final)
    except BaseException as e:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
        if moved:
            with contextlib.suppress(OSError):
                os.rename(aside, final)  # the previous report back, if its name is still free
        if aside:
            with contextlib.suppress(OSError):
                os.rmdir(aside)
        if isinstance(e, OSError):
            raise UsageError(f"cannot write {final}: {e.strerror or e}") from None
        raise
    if aside:
        shutil.rmtree(aside, ignore_errors=True)
    return final


def partial_dir(parent, prefix="."):
    """A fresh directory of our own in parent, for write_dir() to fill and
    rename into place."""
    return Path(tempfile.mkdtemp(dir=parent, prefix=f"{prefix}partial-"))

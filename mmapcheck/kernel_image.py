"""A Debian bzImage's ELF vmlinux: qemu boots it directly through its PVH
entry, sparing a TCG guest seconds of decompressing itself.  Also how
fetching and unpacking kernels runs helper programs (depmod, dpkg-deb,
apt-get, zstd): a failure is one line naming the command and what it said."""

import lzma
import os
import re
import shutil
import struct
import subprocess
import tempfile
import zlib
from pathlib import Path

from . import UsageError


# Compressed payload magics, as the kernel's scripts/extract-vmlinux looks for them.
MAGICS = {"gzip": b"\x1f\x8b\x08", "xz": b"\xfd7zXZ\x00", "zstd": b"\x28\xb5\x2f\xfd",
          "lzma": b"\x5d\x00\x00\x00", "lz4": b"\x02\x21\x4c\x18"}
XEN_ELFNOTE_PHYS32_ENTRY = 18   # the note qemu needs to boot an ELF kernel via PVH


class HelperFailed(UsageError):
    """A helper program failed; output is what it wrote to stdout all the same."""

    def __init__(self, message, output=b""):
        super().__init__(message)
        self.output = output


def run_helper(argv, name=None, input=None, cwd=None):
    """argv's stdout (bytes).  A helper that cannot run or exits non-zero is
    HelperFailed: one line, "NAME failed: what it said" (name defaults to the program)."""
    name = name or Path(argv[0]).name
    try:
        proc = subprocess.run([str(a) for a in argv], input=input, cwd=cwd, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, stdin=None if input is not None else subprocess.DEVNULL)
    except OSError as e:
        raise HelperFailed(f"{name} failed: cannot run {argv[0]}: {e.strerror}")
    if proc.returncode != 0:
        said = telling_line(proc.stderr.decode(errors="replace")) or \
            f"exit status {proc.returncode}, nothing on stderr"
        raise HelperFailed(f"{name} failed: {said}", proc.stdout)
    return proc.stdout


def telling_line(stderr, limit=300):
    """A program's most telling line of stderr, printable and bounded: the first
    apt error (E:), else the first line that says error, else apt's first
    warning (W:), else the last line; "" when it said nothing."""
    lines = [l.strip() for l in stderr.splitlines() if l.strip()]
    picks = ([l for l in lines if l.startswith("E:")] + [l for l in lines if re.search(r"error", l, re.I)]
             + [l for l in lines if l.startswith("W:")] + lines[-1:])
    if not picks:
        return ""
    line = "".join(c if c.isprintable() else repr(c)[1:-1] for c in picks[0])
    return line if len(line) <= limit else line[:limit] + "..."


def write_atomically(path, data):
    """Write data to path through a new file in its directory, so that a reader
    never sees half of it and no link planted at path is followed."""
    fd, tmp = tempfile.mkstemp(dir=Path(path).parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def extract_vmlinux(bzimage, out):
    """Write the ELF inside bzimage to out; False when it has no PVH entry (boot the bzImage)."""
    elf, complaint = decompress_payload(Path(bzimage).read_bytes())
    if elf is None:
        raise UsageError(f"{bzimage}: no compressed ELF found (gzip, xz, zstd, lzma, lz4)"
                         + (f"; {complaint}" if complaint else ""))
    if not has_pvh_note(elf):
        return False
    write_atomically(out, elf)
    return True


def decompress_payload(data):
    """(the ELF compressed inside a bzImage or None, the last complaint of a
    decompressing program or "").  Every place a compression magic appears is
    tried, so a program failing on most of them is normal."""
    offsets, complaint = [], ""
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
        try:
            elf = decompress_at(data[start:end])
        except HelperFailed as e:  # a stream followed by other bytes: the ELF, and a complaint
            elf, complaint = e.output, str(e)
        if elf and elf[:4] == b"\x7fELF":
            return elf, ""
    return None, complaint


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
    """blob decompressed by the tool's command; HelperFailed (with what it wrote) when it fails."""
    if not shutil.which(tool):
        raise UsageError(f"{tool} not found, needed to decompress this kernel: apt-get install {tool}")
    return run_helper([tool, "-dc"], f"{tool} -dc", input=blob)


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

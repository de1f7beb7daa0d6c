"""A Debian bzImage's ELF vmlinux: qemu boots it directly through its PVH
entry, sparing a TCG guest seconds of decompressing itself."""

import lzma
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

from . import UsageError


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

"""A Debian bzImage's ELF vmlinux: qemu boots it directly through its PVH
entry, sparing a TCG guest seconds of decompressing itself.  Also how
fetching and unpacking kernels runs helper programs (depmod, dpkg-deb,
apt-get, zstd): a failure is one line naming the command and what it said.
And what any architecture's kernel image is (image_format, image_arch), and
the page size a kernel's config builds it for (config_page_size)."""

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


def image_format(path):
    """What a kernel image file is, from its first bytes: "elf" (a vmlinux: amd64's
    PVH one, ppc64el's), "bzimage" (x86), "arm64-image" (arm64's Image, with or
    without an EFI stub), "efi-zboot" (an EFI-compressed Image), "riscv64-image"
    (an Image with a PE header), "s390x-image", "gzip", or "unknown"."""
    with open(path, "rb") as f:
        head = f.read(0x10010)
    if head[:4] == b"\x7fELF":
        return "elf"
    if head[0x202:0x206] == b"HdrS":
        return "bzimage"
    if head[:2] == b"MZ" and head[4:8] == b"zimg":
        return "efi-zboot"
    if head[0x38:0x3C] == b"ARM\x64":
        return "arm64-image"
    if head[0x30:0x38] == b"RISCV\0\0\0" or head[0x38:0x3C] == b"RSC\x05":
        return "riscv64-image"
    if head[0x10008:0x1000E] == b"S390EP":   # the entry point parameter block's magic
        return "s390x-image"
    if head[:2] == b"\x1f\x8b":
        return "gzip"
    return "unknown"


PAGE_SIZE_OPTION = re.compile(r"^CONFIG_(?:[A-Z0-9]+_)?(\d+)K_PAGES=y$|^CONFIG_PAGE_SIZE_(\d+)KB=y$", re.M)


def config_page_size(config):
    """The page size (bytes) a kernel's .config text builds it for: CONFIG_PAGE_SHIFT
    (6.9 on), else the architecture's choice (CONFIG_ARM64_16K_PAGES=y,
    CONFIG_PPC_64K_PAGES=y, CONFIG_PAGE_SIZE_16KB=y), else 4096."""
    shift = re.search(r"^CONFIG_PAGE_SHIFT=(\d+)$", config, re.M)
    if shift:
        return 1 << int(shift.group(1))
    choice = PAGE_SIZE_OPTION.search(config)
    return int(choice.group(1) or choice.group(2)) * 1024 if choice else 4096


ELF_MACHINES = {(0x3E, 1): "amd64", (0xB7, 1): "arm64", (0x15, 1): "ppc64el", (0xF3, 1): "riscv64",
                (0x16, 2): "s390x"}   # (e_machine, EI_DATA: 1 little-endian, 2 big-endian)
IMAGE_ARCHES = {"bzimage": "amd64", "arm64-image": "arm64", "efi-zboot": "arm64", "riscv64-image": "riscv64",
                "s390x-image": "s390x"}


def image_arch(path, kind):
    """The Debian architecture of a kernel image whose image_format is kind; None if unknown."""
    if kind != "elf":
        return IMAGE_ARCHES.get(kind)
    with open(path, "rb") as f:
        head = f.read(20)
    if len(head) < 20:
        return None
    order = "<" if head[5] == 1 else ">"
    return ELF_MACHINES.get((struct.unpack_from(order + "H", head, 18)[0], head[5]))

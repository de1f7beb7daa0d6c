"""The kernel modules a guest loads (ext4 for the scratch disk), in load
order, as plain .ko files that busybox insmod takes."""

import gzip
import lzma
import struct
from pathlib import Path

from . import UsageError
from .kernel_cache import BadEntry, private_dirs, safe_relative
from .kernel_image import external_decompress, write_atomically
from .kernels import cache_dir, read_or_empty


def module_name(path):
    name = Path(path).name
    return name[:name.index(".ko")].replace("-", "_")


def modules_for(kernel, names, optional=()):
    """The .ko files that load the named modules, dependencies first, built-in ones left out;
    compressed modules are decompressed on the host (busybox insmod takes plain .ko).
    Modules named in optional are left out where the kernel has no such module (e.g.
    crc32c_generic, which ext4 needs up to 6.12 and which 7.x no longer has)."""
    if not kernel.modules:
        raise UsageError(f"kernel {kernel.label} ({kernel.release}) has no modules")
    tree = Path(kernel.modules)
    builtin_list = read_or_empty(tree / "modules.builtin")
    builtin = {module_name(l) for l in builtin_list.split()}
    deps = module_dependencies(tree)
    ordered = []

    def visit(name, chain):
        if name in builtin or name in ordered:
            return
        if name not in deps:
            unknown = "" if builtin_list else " (and no modules.builtin to say if it is built in)"
            raise UsageError(f"kernel {kernel.label} ({kernel.release}) has no module {name}{unknown}")
        if name in chain:
            raise UsageError(f"kernel {kernel.label}: module dependency loop {' -> '.join(chain)}")
        for dep in deps[name][1]:
            visit(dep, chain + [name])
        ordered.append(name)

    for name in names:
        visit(name.replace("-", "_"), [])
    for name in optional:
        if name.replace("-", "_") in deps:
            visit(name.replace("-", "_"), [])
    return [plain_module(tree, within(tree, deps[name][0])) for name in ordered]


def within(tree, relative):
    """relative (a path from modules.dep) when it stays inside the tree."""
    try:
        return safe_relative(relative)
    except BadEntry as e:
        raise UsageError(f"{tree / 'modules.dep'}: {e}")


def module_dependencies(tree):
    """{name: (relative path, [dependency names])} from modules.dep, or from each module's
    modinfo when there is no modules.dep (Debian's postinst makes it; depmod may be absent)."""
    dep_file = read_or_empty(tree / "modules.dep")
    deps = {}
    if dep_file:
        for line in dep_file.splitlines():
            path, _, rest = line.partition(":")
            deps[module_name(path)] = (path, [module_name(d) for d in rest.split()])
        return deps
    for ko in (tree / "kernel").rglob("*.ko*"):
        deps[module_name(ko)] = (str(ko.relative_to(tree)), None)
    return LazyModinfoDeps(tree, deps)


class LazyModinfoDeps(dict):
    """modules.dep's mapping, reading a module's depends= only when it is asked for."""

    def __init__(self, tree, deps):
        super().__init__(deps)
        self.tree = tree

    def __getitem__(self, name):
        path, depends = super().__getitem__(name)
        if depends is None:
            try:
                info = modinfo(read_module(self.tree / path))
            except (struct.error, ValueError, IndexError, lzma.LZMAError, OSError, EOFError) as e:
                raise UsageError(f"{self.tree / path}: not a readable kernel module ({e})")
            depends = [d.replace("-", "_") for d in info.get("depends", "").split(",") if d]
            self[name] = (path, depends)
        return path, depends


def read_module(path):
    path = Path(path)
    data = path.read_bytes()
    if path.suffix == ".xz":
        return lzma.decompress(data)
    if path.suffix == ".gz":
        return gzip.decompress(data)
    if path.suffix == ".zst":
        return external_decompress("zstd", data)
    return data


def modinfo(ko):
    """The key=value strings of a module's .modinfo section (a 64-bit ELF of either
    byte order: s390x's are big-endian)."""
    order = ">" if ko[5] == 2 else "<"
    shoff, = struct.unpack_from(order + "Q", ko, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from(order + "HHH", ko, 0x3A)
    sections = [struct.unpack_from(order + "IIQQQQ", ko, shoff + i * shentsize) for i in range(shnum)]
    names_at = sections[shstrndx][4]
    for name_off, _, _, _, offset, size in sections:
        name = ko[names_at + name_off:ko.index(b"\0", names_at + name_off)]
        if name == b".modinfo":
            pairs = ko[offset:offset + size].split(b"\0")
            return dict(p.decode(errors="replace").partition("=")[::2] for p in pairs if b"=" in p)
    return {}


def plain_module(tree, relative):
    """The module at tree/relative as an uncompressed .ko: decompressed into the
    cache each time it is used, so that what a guest loads is always what the
    (checked) tree holds."""
    path = tree / relative
    if path.suffix == ".ko":
        return path
    cache_dir().mkdir(parents=True, exist_ok=True)
    plain = private_dirs(cache_dir(), Path("plain-modules", tree.name, relative).parent.as_posix()) \
        / Path(relative).with_suffix("").name
    write_atomically(plain, read_module(path))
    return plain

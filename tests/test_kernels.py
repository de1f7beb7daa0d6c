"""mmapcheck.kernels without the network: image decompression on synthetic
bzImages, module dependency resolution on fixture trees, specs, one-line errors."""

import gzip
import json
import lzma
import os
import struct

import pytest

from mmapcheck import UsageError, kernel_image, kernel_modules, kernels


def tiny_elf(pvh=True, banner=b"Linux version 9.9.9-test (nobody@nowhere) #1\0"):
    """A 64-bit ELF with one PT_NOTE segment (Xen PHYS32_ENTRY note when pvh) and a banner."""
    note_type = kernel_image.XEN_ELFNOTE_PHYS32_ENTRY if pvh else 1
    note = struct.pack("<III", 4, 4, note_type) + b"Xen\0" + struct.pack("<I", 0x1000000)
    phoff, notes_at = 64, 64 + 56
    header = (b"\x7fELF\x02\x01\x01" + bytes(9) + struct.pack("<HHIQQQIHHHHHH", 2, 0x3E, 1, 0,
              phoff, 0, 0, 64, 56, 1, 64, 0, 0))
    phdr = struct.pack("<IIQQQQQQ", 4, 4, notes_at, 0, 0, len(note), len(note), 4)
    return header + phdr + note + banner


def fake_bzimage(payload, with_header=True):
    """Setup sectors, then some decompressor code, then the compressed payload and its size."""
    setup = bytearray(5 * 512)
    code = b"\x90" * 300
    if with_header:
        setup[0x1F1] = 4
        setup[0x202:0x206] = b"HdrS"
        struct.pack_into("<II", setup, 0x248, len(code), len(payload))
    return bytes(setup) + code + payload + struct.pack("<I", 12345) + b"\xcc" * 64


def fake_module(depends, name="x"):
    """A relocatable ELF whose only content is a .modinfo section."""
    modinfo = f"license=GPL\0depends={','.join(depends)}\0name={name}\0".encode()
    shstrtab = b"\0.shstrtab\0.modinfo\0"
    data_at = 64
    shoff = data_at + len(modinfo) + len(shstrtab)
    header = (b"\x7fELF\x02\x01\x01" + bytes(9) + struct.pack("<HHIQQQIHHHHHH", 1, 0x3E, 1, 0, 0,
              shoff, 0, 64, 0, 0, 64, 3, 1))
    sections = [bytes(64),
                struct.pack("<IIQQQQIIQQ", 1, 3, 0, 0, data_at + len(modinfo), len(shstrtab), 0, 0, 1, 0),
                struct.pack("<IIQQQQIIQQ", 11, 1, 0, 0, data_at, len(modinfo), 0, 0, 1, 0)]
    return header + modinfo + shstrtab + b"".join(sections)


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("MMAPCHECK_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_cache_dir_resolution(monkeypatch, tmp_path):
    monkeypatch.setenv("MMAPCHECK_CACHE", str(tmp_path / "explicit"))
    assert kernels.cache_dir() == tmp_path / "explicit"
    monkeypatch.delenv("MMAPCHECK_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert kernels.cache_dir() == tmp_path / "xdg" / "mmapcheck"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert kernels.cache_dir() == tmp_path / "home" / ".cache" / "mmapcheck"


@pytest.mark.parametrize("compress,with_header", [(lzma.compress, True), (gzip.compress, True),
                                                  (lzma.compress, False), (gzip.compress, False)])
def test_vmlinux_is_extracted_from_a_bzimage(tmp_path, compress, with_header):
    elf = tiny_elf()
    bz = tmp_path / "vmlinuz"
    bz.write_bytes(fake_bzimage(compress(elf), with_header))
    assert kernel_image.extract_vmlinux(bz, tmp_path / "vmlinux")
    assert (tmp_path / "vmlinux").read_bytes() == elf
    assert sorted(os.listdir(tmp_path)) == ["vmlinux", "vmlinuz"]


def test_elf_without_pvh_note_is_not_extracted(tmp_path):
    bz = tmp_path / "vmlinuz"
    bz.write_bytes(fake_bzimage(lzma.compress(tiny_elf(pvh=False))))
    assert not kernel_image.extract_vmlinux(bz, tmp_path / "vmlinux")
    assert not (tmp_path / "vmlinux").exists()


def test_image_without_compressed_elf_is_one_line_error(tmp_path):
    bz = tmp_path / "vmlinuz"
    bz.write_bytes(fake_bzimage(gzip.compress(b"not an elf" * 100)))
    with pytest.raises(UsageError, match=r"no compressed ELF found") as e:
        kernel_image.extract_vmlinux(bz, tmp_path / "vmlinux")
    assert "\n" not in str(e.value)


def test_zstd_missing_is_one_line_error(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(UsageError, match=r"^zstd not found.*apt-get install zstd$"):
        kernel_image.external_decompress("zstd", b"\x28\xb5\x2f\xfd")


def test_file_kernel_from_bzimage_with_sibling_modules(tmp_path, cache):
    bz = tmp_path / "bzImage"
    bz.write_bytes(fake_bzimage(lzma.compress(tiny_elf())))
    (tmp_path / "lib/modules/9.9.9-test/kernel").mkdir(parents=True)
    kernel = kernels.resolve(str(bz))
    assert (kernel.label, kernel.release, kernel.flavour) == ("bzImage", "9.9.9-test", "file")
    assert kernel.image.read_bytes() == tiny_elf() and kernel.image.parent.parent == cache / "kernels"
    assert kernel.bzimage == bz and kernel.modules == tmp_path / "lib/modules/9.9.9-test"


def test_file_kernel_vmlinux_is_used_as_is(tmp_path, cache):
    vmlinux = tmp_path / "vmlinux"
    vmlinux.write_bytes(tiny_elf())
    kernel = kernels.resolve(str(vmlinux))
    assert (kernel.image, kernel.release, kernel.modules, kernel.bzimage) == (vmlinux, "9.9.9-test", None, None)
    assert not cache.exists()


def module_tree(tmp_path, with_dep_file):
    """lib/modules/R with ext4 -> jbd2, mbcache, crc16 (xz), virtio_blk -> virtio -> virtio_ring,
    and crc32c built in."""
    tree = tmp_path / "root/lib/modules/9.9.9-test"
    graph = {"kernel/fs/ext4/ext4.ko": ["jbd2", "mbcache", "crc16"], "kernel/fs/jbd2/jbd2.ko": [],
             "kernel/fs/mbcache.ko": [], "kernel/lib/crc16.ko.xz": [],
             "kernel/drivers/block/virtio_blk.ko": ["virtio", "virtio_ring"],
             "kernel/drivers/virtio/virtio.ko": ["virtio_ring"],
             "kernel/drivers/virtio/virtio_ring.ko": []}
    paths = {kernel_modules.module_name(p): p for p in graph}
    for path, deps in graph.items():
        (tree / path).parent.mkdir(parents=True, exist_ok=True)
        ko = fake_module(deps, kernel_modules.module_name(path))
        (tree / path).write_bytes(lzma.compress(ko) if path.endswith(".xz") else ko)
    (tree / "modules.builtin").write_text("kernel/crypto/crc32c_generic.ko\n")
    if with_dep_file:
        (tree / "modules.dep").write_text("".join(
            f"{p}: {' '.join(paths[d] for d in deps)}\n" for p, deps in graph.items()))
    return kernels.Kernel("t", "9.9.9-test", tmp_path / "vmlinux", tree, "generic")


@pytest.mark.parametrize("with_dep_file", [True, False])
def test_modules_in_dependency_order(tmp_path, with_dep_file):
    kernel = module_tree(tmp_path, with_dep_file)
    found = kernel_modules.modules_for(kernel, ["ext4", "virtio_blk", "crc32c_generic", "virtio-ring"])
    names = [kernel_modules.module_name(p) for p in found]
    assert names == ["jbd2", "mbcache", "crc16", "ext4", "virtio_ring", "virtio", "virtio_blk"]
    crc16 = found[2]
    assert crc16.name == "crc16.ko" and crc16.read_bytes()[:4] == b"\x7fELF"
    assert crc16 == tmp_path / "root/lib/modules/9.9.9-test.plain/kernel/lib/crc16.ko"


def test_unknown_module_is_one_line_error(tmp_path):
    with pytest.raises(UsageError, match=r"^kernel t \(9.9.9-test\) has no module 9p$"):
        kernel_modules.modules_for(module_tree(tmp_path, True), ["9p"])
    with pytest.raises(UsageError, match=r"has no modules$"):
        kernel_modules.modules_for(kernels.Kernel("f", "1", tmp_path, None, "file"), ["ext4"])


@pytest.mark.parametrize("spec,parsed", [("5.10", ("bullseye", "5.10", "generic")),
                                         ("6.1-cloud", ("bookworm", "6.1", "cloud")),
                                         ("6.12", ("trixie", "6.12", "generic")),
                                         ("7.2", ("sid", "7.2", "generic")),
                                         ("7.2-cloud", ("sid", "7.2", "cloud"))])
def test_spec_parsing(spec, parsed):
    assert kernels.parse_spec(spec) == parsed


@pytest.mark.parametrize("spec", ["6", "6.1-rt", "latest", "6.1 "])
def test_bad_spec_is_one_line_error(spec, cache):
    with pytest.raises(UsageError, match=r"^no such kernel: ") as e:
        kernels.resolve(spec)
    assert "\n" not in str(e.value)


def test_missing_apt_get_is_one_line_error(monkeypatch, tmp_path, cache):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(UsageError, match=r"^apt-get not found"):
        kernels.resolve("6.1")


def test_cached_kernel_needs_neither_apt_nor_network(monkeypatch, tmp_path, cache):
    kdir = cache / "kernels/6.1-cloud"
    kdir.mkdir(parents=True)
    (kdir / "kernel.json").write_text(json.dumps({
        "label": "6.1-cloud", "release": "6.1.0-9-cloud-amd64", "flavour": "cloud", "source": "x",
        "image": "vmlinux", "bzimage": "root/boot/vmlinuz", "modules": None}))
    monkeypatch.setenv("PATH", str(tmp_path))
    kernel = kernels.resolve("6.1-cloud")
    assert (kernel.release, kernel.image, kernel.modules) == ("6.1.0-9-cloud-amd64", kdir / "vmlinux", None)
    assert kernels.list_cached()[0].split()[:2] == ["6.1-cloud", "6.1.0-9-cloud-amd64"]


def test_uml_not_installed_is_one_line_error(monkeypatch, tmp_path):
    monkeypatch.setattr(kernels, "UML_BINARY", tmp_path / "linux")
    with pytest.raises(UsageError, match=r"^user-mode Linux is not installed: apt-get install user-mode-linux$"):
        kernels.uml_kernel()


def test_uml_kernel_when_installed():
    if not os.access(kernels.UML_BINARY, os.X_OK):
        pytest.skip("user-mode-linux not installed")
    kernel = kernels.uml_kernel()
    assert kernel.flavour == "uml" and kernel.modules.name == kernel.release
    assert (kernel.modules / "kernel").is_dir()


def test_system_sources_both_formats(tmp_path):
    (tmp_path / "sources.list.d").mkdir()
    (tmp_path / "sources.list").write_text(
        "# comment\ndeb [arch=amd64 signed-by=/k/old.gpg] http://mirror.example/debian/ bullseye main\n")
    (tmp_path / "sources.list.d/debian.sources").write_text(
        "Types: deb\nURIs: http://m.example/debian\nSuites: bookworm bookworm-updates\n"
        "Components: main\nSigned-By: /k/debian.gpg\n\n"
        "Types: deb-src\nURIs: http://src.example/\nSuites: bookworm\n\n"
        "Types: deb\nURIs: http://m.example/debian-security\nSuites: bookworm-security\n")
    assert list(kernels.system_sources(tmp_path)) == [
        ("http://mirror.example/debian", ["bullseye"], "/k/old.gpg"),
        ("http://m.example/debian", ["bookworm", "bookworm-updates"], "/k/debian.gpg"),
        ("http://m.example/debian-security", ["bookworm-security"], None)]


def test_apt_error_picks_the_telling_line():
    stderr = ("W: Some index files failed to download.\n"
              "E: Failed to fetch http://deb.debian.org/debian/dists/bullseye/InRelease  "
              "Could not resolve 'deb.debian.org'\n")
    assert kernels.apt_error(stderr).startswith("E: Failed to fetch")
    assert kernels.apt_error("") == "apt failed"


def test_command_line_list_on_empty_cache(cache, capsys):
    assert kernels.main(["--list"]) == 0
    assert capsys.readouterr().out == f"nothing cached in {cache}\n"
    assert kernels.main(["no-such"]) == 2
    assert capsys.readouterr().err.startswith("kernels: no such kernel: 'no-such'")


def test_optional_modules_are_skipped_where_absent(tmp_path):
    kernel = module_tree(tmp_path, True)
    found = kernel_modules.modules_for(kernel, ["virtio_blk"], optional=["crc32c_cryptoapi", "crc16"])
    assert [kernel_modules.module_name(p) for p in found] == ["virtio_ring", "virtio", "virtio_blk", "crc16"]


def test_missing_builtin_list_is_named_in_the_error(tmp_path):
    kernel = module_tree(tmp_path, True)
    (kernel.modules / "modules.builtin").unlink()
    with pytest.raises(UsageError, match=r"has no module crc32c_generic \(and no modules.builtin"):
        kernel_modules.modules_for(kernel, ["crc32c_generic"])

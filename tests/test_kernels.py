"""mmapcheck.kernels without the network: image decompression on synthetic
bzImages, module dependency resolution on fixture trees, specs, one-line errors;
a fetch from a fake archive (stand-ins for apt-get and apt-cache serving a .deb
built here; the real dpkg-deb and depmod), with and without depmod; each helper
program failing; the cache tampered with."""

import gzip
import hashlib
import json
import lzma
import os
import shutil
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from mmapcheck import ROOT, UsageError, kernel_cache, kernel_fetch, kernel_image, kernel_modules, kernel_record, \
    kernel_specs, kernels


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


def fake_module(depends, name="x", order="<"):
    """A relocatable ELF whose only content is a .modinfo section (order ">": big-endian, as s390x's)."""
    modinfo = f"license=GPL\0depends={','.join(depends)}\0name={name}\0".encode()
    shstrtab = b"\0.shstrtab\0.modinfo\0"
    data_at = 64
    shoff = data_at + len(modinfo) + len(shstrtab)
    header = (b"\x7fELF\x02" + (b"\x02" if order == ">" else b"\x01") + b"\x01" + bytes(9)
              + struct.pack(order + "HHIQQQIHHHHHH", 1, 0x16 if order == ">" else 0x3E, 1, 0, 0,
                            shoff, 0, 64, 0, 0, 64, 3, 1))
    sections = [bytes(64),
                struct.pack(order + "IIQQQQIIQQ", 1, 3, 0, 0, data_at + len(modinfo), len(shstrtab), 0, 0, 1, 0),
                struct.pack(order + "IIQQQQIIQQ", 11, 1, 0, 0, data_at, len(modinfo), 0, 0, 1, 0)]
    return header + modinfo + shstrtab + b"".join(sections)


@pytest.fixture(autouse=True)
def cache(tmp_path, monkeypatch):
    """Every test has a cache of its own: the user's is never read or written."""
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
    assert kernel.package() is None, "an image file given by path came in no package"


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
    assert crc16 == tmp_path / "cache/plain-modules/9.9.9-test/kernel/lib/crc16.ko"


@pytest.mark.parametrize("order", ["<", ">"])
def test_modinfo_reads_either_byte_order(order):
    assert kernel_modules.modinfo(fake_module(["jbd2", "mbcache"], "ext4", order))["depends"] == "jbd2,mbcache"


def test_unknown_module_is_one_line_error(tmp_path):
    with pytest.raises(UsageError, match=r"^kernel t \(9.9.9-test\) has no module 9p$"):
        kernel_modules.modules_for(module_tree(tmp_path, True), ["9p"])
    with pytest.raises(UsageError, match=r"has no modules$"):
        kernel_modules.modules_for(kernels.Kernel("f", "1", tmp_path, None, "file"), ["ext4"])


@pytest.mark.parametrize("spec,line,flavour,arch,label,suites", [
    ("5.10", "5.10", "generic", "amd64", "5.10", ("bullseye",)),
    ("6.1-cloud", "6.1", "cloud", "amd64", "6.1-cloud", ("bookworm",)),
    ("6.1-rt", "6.1", "rt", "amd64", "6.1-rt", ("bookworm",)),
    ("6.12", "6.12", "generic", "amd64", "6.12", ("trixie", "bookworm")),
    ("6.1@amd64", "6.1", "generic", "amd64", "6.1", ("bookworm",)),   # the same cache entry as 6.1
    ("7.2", "7.2", "generic", "amd64", "7.2", ("sid",)),
    ("7.2-cloud", "7.2", "cloud", "amd64", "7.2-cloud", ("sid",)),
    ("6.1@arm64", "6.1", "generic", "arm64", "6.1@arm64", ("bookworm",)),
    ("6.12-16k@arm64", "6.12", "16k", "arm64", "6.12-16k@arm64", ("trixie", "bookworm")),
    ("6.1@ppc64el", "6.1", "generic", "ppc64el", "6.1@ppc64el", ("bookworm",)),
    ("6.12-64k@ppc64el", "6.12", "64k", "ppc64el", "6.12-64k@ppc64el", ("trixie", "bookworm")),
    ("6.12@s390x", "6.12", "generic", "s390x", "6.12@s390x", ("trixie", "bookworm")),
    ("6.12@riscv64", "6.12", "generic", "riscv64", "6.12@riscv64", ("trixie", "bookworm"))])
def test_spec_parsing(spec, line, flavour, arch, label, suites):
    parsed = kernels.parse_spec(spec)
    assert (parsed.line, parsed.flavour, parsed.arch, parsed.label, parsed.suites) == \
        (line, flavour, arch, label, suites)


@pytest.mark.parametrize("spec,suite,metapackages", [
    ("6.1", "bookworm", ["linux-image-amd64"]),
    ("6.1-cloud", "bookworm", ["linux-image-cloud-amd64"]),
    ("6.1-rt", "bookworm", ["linux-image-rt-amd64"]),
    ("6.12@arm64", "trixie", ["linux-image-arm64"]),
    ("6.12-16k@arm64", "trixie", ["linux-image-arm64-16k"]),
    ("6.12-cloud@arm64", "trixie", ["linux-image-cloud-arm64"]),
    ("6.1@ppc64el", "bookworm", ["linux-image-powerpc64le"]),
    ("6.12-64k@ppc64el", "trixie", ["linux-image-powerpc64le-64k"]),
    # outside the line's own suite, bookworm-security's 6.12 metapackages too
    ("6.12-64k@ppc64el", "bookworm", ["linux-image-powerpc64le-64k", "linux-image-6.12-powerpc64le-64k"]),
    ("6.12@s390x", "bookworm", ["linux-image-s390x", "linux-image-6.12-s390x"]),
    ("6.12@riscv64", "trixie", ["linux-image-riscv64"])])
def test_the_metapackage_per_architecture_and_flavour(spec, suite, metapackages):
    assert kernels.parse_spec(spec).metapackages(suite) == metapackages


@pytest.mark.parametrize("spec,says", [
    ("6", "give LINE[-FLAVOUR][@ARCH]"), ("latest", "give LINE"), ("6.1 ", "give LINE"),
    ("6.1-", "give LINE"), ("6.1@", "give LINE"), ("@arm64", "give LINE"), ("6.1-rt-cloud", "give LINE"),
    ("6.1-rtx", "amd64 has no flavour 'rtx' (it has flavours cloud, rt)"),
    ("6.12-16k@s390x", "s390x has no flavour '16k' (it has no flavour but the generic one)"),
    ("6.12-64k@arm64", "arm64 has no flavour '64k' (it has flavours 16k, cloud, rt)"),
    ("6.12-16k@ppc64el", "ppc64el has no flavour '16k' (it has flavours 64k)"),
    ("6.12@aarch64", "no Debian architecture 'aarch64' (Debian calls it arm64; known: amd64, arm64, ppc64el, "),
    ("6.12@ppc64le", "(Debian calls it ppc64el;"),
    ("6.1@mips64el", "no Debian architecture 'mips64el' (known: amd64, arm64, ppc64el, riscv64, s390x)")])
def test_bad_spec_is_one_line_error(spec, says, cache):
    with pytest.raises(UsageError, match=r"^no such kernel: ") as e:
        kernels.resolve(spec)
    assert "\n" not in str(e.value) and says in str(e.value)
    assert not cache.exists(), "a spec that names no kernel reaches neither the cache nor apt"


def test_the_usage_text_and_list_show_the_spelling(capsys):
    assert kernels.main([]) == 2
    usage = capsys.readouterr().out
    assert "LINE[-FLAVOUR][@ARCH]" in usage and "6.12-16k@arm64" in usage
    for arch, (_, flavours, _) in kernel_specs.ARCHES.items():
        assert arch in usage and all(f in usage for f in flavours)
    assert "LINE[-FLAVOUR][@ARCH]" in kernels.list_cached()[-1]


def test_missing_apt_get_is_one_line_error(monkeypatch, tmp_path, cache):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(UsageError, match=r"^apt-get not found"):
        kernels.resolve("6.1")


def test_cached_kernel_needs_neither_apt_nor_network(monkeypatch, tmp_path, cache):
    kdir = cached_kernel(tmp_path, cache)
    monkeypatch.setenv("PATH", str(tmp_path))
    kernel = kernels.resolve("6.1-cloud")
    assert (kernel.release, kernel.image, kernel.modules) == \
        ("6.1.0-9-cloud-amd64", kdir / "vmlinux", kdir / "root/lib/modules/6.1.0-9-cloud-amd64")
    assert kernel.image.read_bytes() == tiny_elf()
    assert kernels.list_cached()[0].split()[:2] == ["6.1-cloud", "6.1.0-9-cloud-amd64"]


def test_a_cache_that_cannot_be_written_is_one_line(tmp_path, monkeypatch):
    """A full disk, a read-only home: the file that could not be written and why."""
    (tmp_path / "cache").write_text("a file where the cache directory should be\n")
    bz = tmp_path / "bzImage"
    bz.write_bytes(fake_bzimage(lzma.compress(tiny_elf())))
    for spec in (str(bz), "6.1-cloud"):
        with pytest.raises(UsageError, match=rf"^{tmp_path}/cache(/kernels)?: (File exists|Not a directory)$"):
            kernels.resolve(spec)


def test_uml_not_installed_is_one_line_error(monkeypatch, tmp_path):
    monkeypatch.setattr(kernels, "UML_BINARY", tmp_path / "linux")
    with pytest.raises(UsageError, match=r"^user-mode Linux is not installed: apt-get install user-mode-linux$"):
        kernels.uml_kernel()


def test_uml_kernel_when_installed():
    if not os.access(kernels.UML_BINARY, os.X_OK):
        pytest.skip("user-mode-linux not installed")
    kernel = kernels.uml_kernel()
    assert kernel.flavour == "uml" and kernel.modules.name == kernel.release
    package, version = kernel.package()
    assert package == "user-mode-linux" and version and version in kernel.source
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
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"nothing cached in {cache}"
    assert out[1].startswith("(a kernel is asked for as LINE[-FLAVOUR][@ARCH]")
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


# --- a fetch from a fake archive -----------------------------------------------

RELEASE = "9.9.9-test-cloud-amd64"   # kernel line 9.9 (looked for in sid), cloud flavour
# Stand-ins for apt-cache and apt-get.  Each call is logged to $FAKE_ARCHIVE/calls with the
# name of the private apt state it was given (sid, trixie@arm64: the sources file's name);
# $FAKE_ARCHIVE/<state>/madison/<package> and .../show/<package>=<version> are what apt-cache
# prints, a file $FAKE_ARCHIVE/<state>/404/<package>=<version> makes its download a 404, and
# the .debs are $FAKE_DEBS/<package>_<version>_*.deb.
FAKE_APT_CACHE = """#!/bin/sh
for arg; do case "$arg" in Dir::Etc::SourceList=*) state=$(basename "${arg#*=}" .list);; esac; done
echo "$state $*" >> "$FAKE_ARCHIVE/calls"
for package; do :; done
case " $* " in
*" madison "*) cat "$FAKE_ARCHIVE/$state/madison/$package" 2>/dev/null; exit 0;;
*" pkgnames "*) ls "$FAKE_ARCHIVE/$state/show" 2>/dev/null | sed 's/=.*//' | grep -F "$package" | sort -u; exit 0;;
*" show "*)
    case "$package" in *=*) ;; *) package=$(cd "$FAKE_ARCHIVE/$state/show" && ls "$package="* | head -n 1);; esac
    cat "$FAKE_ARCHIVE/$state/show/$package" 2>/dev/null && exit 0
    echo "E: No packages found" >&2; exit 100;;
esac
exit 99
"""
FAKE_APT_GET = """#!/bin/sh
for arg; do case "$arg" in Dir::Etc::SourceList=*) state=$(basename "${arg#*=}" .list);; esac; done
echo "$state $*" >> "$FAKE_ARCHIVE/calls"
case " $* " in
*" update "*) exit 0;;
*" download "*)
    for arg; do
        case "$arg" in -*|*::*|download) continue;; esac
        if [ -e "$FAKE_ARCHIVE/$state/404/$arg" ]; then
            echo "E: Failed to fetch http://deb.example/pool/main/l/linux/${arg%%=*}.deb  404  Not Found" >&2
            exit 100
        fi
        cp "$FAKE_DEBS/${arg%%=*}_${arg#*=}_"*.deb . || exit 100
    done;;
*) exit 99;;
esac
"""


def publish(archive, state, package, version, depends, in_archive=None):
    """package at version in the fake lists of state (after those published before: madison's
    newest-first order is the test's), depending on depends [(name, exact version)]."""
    suite = in_archive or state.split("@")[0]
    arch = state.partition("@")[2] or "amd64"
    for kind in ("madison", "show", "404"):
        (archive / state / kind).mkdir(parents=True, exist_ok=True)
    with open(archive / state / "madison" / package, "a") as f:
        f.write(f"{package} | {version} | http://deb.example/debian {suite}/main {arch} Packages\n")
    (archive / state / "show" / f"{package}={version}").write_text(
        f"Package: {package}\nVersion: {version}\nArchitecture: {arch}\n"
        f"Depends: {', '.join(f'{n} (= {v})' for n, v in depends) or 'initramfs-tools'}\n")


def build_deb(root, package, version, arch, debs):
    """root as the .deb package_version_arch.deb in debs (the real dpkg-deb)."""
    (root / "DEBIAN").mkdir()
    (root / "DEBIAN/control").write_text(f"Package: {package}\nVersion: {version}\nArchitecture: {arch}\n"
                                         "Maintainer: nobody <nobody@example.org>\nDescription: test\n")
    subprocess.run(["dpkg-deb", "--root-owner-group", "-Zgzip", "-b", str(root),
                    str(debs / f"{package}_{version}_{arch}.deb")], check=True, capture_output=True)


def publish_kernel(tmp_path, state, meta, version, release, root, in_archive=None):
    """A kernel build in the fake archive: meta at version naming linux-image-release, whose .deb holds root."""
    arch = state.partition("@")[2] or "amd64"
    publish(tmp_path / "archive", state, meta, version, [(f"linux-image-{release}", version)], in_archive)
    publish(tmp_path / "archive", state, f"linux-image-{release}", version, [], in_archive)
    build_deb(root, f"linux-image-{release}", version, arch, tmp_path / "debs")


def kernel_root(root, release=RELEASE, modules_dir="lib/modules", payload=None):
    """What a kernel package unpacks to: boot/vmlinuz-R (a bzImage of a PVH ELF, xz unless
    payload says otherwise) and two modules, ext4 depending on jbd2 (by its modinfo; they
    share no symbols)."""
    (root / "boot").mkdir(parents=True)
    (root / f"boot/vmlinuz-{release}").write_bytes(fake_bzimage(payload or lzma.compress(tiny_elf())))
    fs = root / modules_dir / release / "kernel/fs"
    fs.mkdir(parents=True)
    (fs / "jbd2.ko").write_bytes(fake_module([], "jbd2"))
    (fs / "ext4.ko").write_bytes(fake_module(["jbd2"], "ext4"))
    return root


def cached_kernel(tmp_path, cache, label="6.1-cloud", release="6.1.0-9-cloud-amd64"):
    """A cache entry as a fetch makes it, without the network."""
    root = kernel_root(tmp_path / "unpacked/root", release)
    kernels.install_tree(root, cache / "kernels" / label, label, release, "cloud", "test", {})
    return cache / "kernels" / label


def fake_archive(tmp_path, monkeypatch=None, payload=None):
    """A directory of stand-ins for apt-get and apt-cache, on PATH before the system's own
    programs, with sid's linux-image-cloud-amd64 9.9 naming linux-image-RELEASE, whose .deb
    is built here with the real dpkg-deb."""
    if not shutil.which("dpkg-deb"):
        pytest.skip("needs dpkg-deb (apt-get install dpkg)")
    bin_dir = tmp_path / "bin"
    for d in (bin_dir, tmp_path / "debs", tmp_path / "archive"):
        d.mkdir(exist_ok=True)
    for name, script in (("apt-cache", FAKE_APT_CACHE), ("apt-get", FAKE_APT_GET)):
        (bin_dir / name).write_text(script)
        (bin_dir / name).chmod(0o755)
    root = kernel_root(tmp_path / "deb-root", payload=payload)
    # As sid's 7.x packages do: the documentation directory is a link to another package's.
    (root / "usr/share/doc").mkdir(parents=True)
    (root / f"usr/share/doc/linux-image-{RELEASE}").symlink_to(f"linux-base-{RELEASE}")
    publish_kernel(tmp_path, "sid", "linux-image-cloud-amd64", "9.9", RELEASE, root)
    env = {"PATH": f"{bin_dir}:/usr/bin:/bin", "FAKE_DEBS": str(tmp_path / "debs"),
           "FAKE_ARCHIVE": str(tmp_path / "archive")}
    if monkeypatch:
        for key, value in env.items():
            monkeypatch.setenv(key, value)
    return bin_dir, env


def needs_depmod():
    if not kernels.depmod_path():
        pytest.skip("needs depmod (apt-get install kmod)")


def test_fetch_with_depmod_makes_modules_dep_in_the_tree(tmp_path, cache, monkeypatch):
    needs_depmod()
    fake_archive(tmp_path, monkeypatch)
    kernel = kernels.resolve("9.9-cloud")
    assert (kernel.release, kernel.flavour) == (RELEASE, "cloud")
    assert kernel.modules == cache / "kernels/9.9-cloud/root/lib/modules" / RELEASE
    assert sorted((kernel.modules / "modules.dep").read_text().split()) == \
        ["kernel/fs/ext4.ko:", "kernel/fs/jbd2.ko:"]   # depmod's, from symbols: the fakes share none
    assert kernel.image.read_bytes() == tiny_elf()
    debs = (cache / "kernels/9.9-cloud/packages.sha256").read_text().split()
    deb = tmp_path / "debs" / debs[1]
    assert debs[0] == hashlib.sha256(deb.read_bytes()).hexdigest()
    assert not list((cache / "apt").glob("fetch-*")), "the fetch's scratch directory is left behind"
    assert sorted(p.name for p in (cache / "kernels/9.9-cloud/root").iterdir()) == ["boot", "lib"], \
        "the cache keeps what a boot uses and nothing else (no documentation, no link)"


def test_fetch_without_depmod_reads_each_modules_modinfo(tmp_path, cache, monkeypatch):
    fake_archive(tmp_path, monkeypatch)
    monkeypatch.setattr(kernel_fetch, "depmod_path", lambda: None)
    kernel = kernels.resolve("9.9-cloud")
    assert not (kernel.modules / "modules.dep").exists()
    assert [p.name for p in kernel_modules.modules_for(kernel, ["ext4"])] == ["jbd2.ko", "ext4.ko"]


def test_the_command_fetches_with_depmod_on_path(tmp_path):
    """The issue as reported: `python3 -m mmapcheck.kernels 6.1-cloud` where kmod is installed."""
    needs_depmod()
    _, env = fake_archive(tmp_path)
    env["PATH"] += ":" + os.path.dirname(kernels.depmod_path())
    status, out, err = run_kernels(["9.9-cloud"], env, tmp_path / "cache")
    assert (status, err) == (0, "") and out.startswith(f"9.9-cloud: Kernel(label='9.9-cloud', release='{RELEASE}'")
    assert (tmp_path / f"cache/kernels/9.9-cloud/root/lib/modules/{RELEASE}/modules.dep").is_file()


def test_a_7x_tree_with_the_image_inside_its_modules_is_cached(tmp_path, cache):
    """From 7.x, linux-binary-R puts vmlinuz in usr/lib/modules/R/, not boot/."""
    root = kernel_root(tmp_path / "unpacked/root", modules_dir="usr/lib/modules")
    modules = root / "usr/lib/modules" / RELEASE
    (root / "boot" / f"vmlinuz-{RELEASE}").rename(modules / "vmlinuz")
    (root / "boot").rmdir()
    kernel = kernels.install_tree(root, cache / "kernels/9.9", "9.9", RELEASE, "generic", "test", {})
    assert kernel.bzimage == cache / "kernels/9.9/root/usr/lib/modules" / RELEASE / "vmlinuz"
    assert (kernel.modules / "kernel/fs/ext4.ko").is_file() and kernel.image.read_bytes() == tiny_elf()


@pytest.mark.parametrize("modules_dir", ["lib/modules", "usr/lib/modules"])
def test_depmod_runs_on_either_modules_directory(tmp_path, modules_dir):
    needs_depmod()
    tree = kernel_root(tmp_path / "root", modules_dir=modules_dir) / modules_dir / RELEASE
    kernels.depmod(tree, RELEASE, tmp_path / "base")
    assert "kernel/fs/ext4.ko:" in (tree / "modules.dep").read_text().split()


# --- other architectures, from the fake archive ------------------------------------

ARM64_IMAGE = bytes(0x38) + b"ARM\x64" + bytes(0x200)   # an arm64 Image's header: its magic at 0x38


def arch_root(root, release, image_name, image, config):
    """What a package of another architecture unpacks to: boot/<image_name>-R as Debian
    ships it, boot/config-R, and the two modules under usr/lib/modules (trixie's place)."""
    kernel_root(root, release, modules_dir="usr/lib/modules")
    (root / f"boot/vmlinuz-{release}").unlink()
    (root / f"boot/{image_name}-{release}").write_bytes(image)
    (root / f"boot/config-{release}").write_text(config)
    return root


def calls(tmp_path, word):
    """[(apt state, arguments)] of the fake apt calls that were given word."""
    lines = (tmp_path / "archive/calls").read_text().splitlines()
    return [(line.split()[0], line.split()[1:]) for line in lines if f" {word} " in f"{line} "]


def test_a_kernel_of_another_architecture_is_fetched_through_its_own_apt_state(tmp_path, cache, monkeypatch):
    fake_archive(tmp_path, monkeypatch)
    release = "6.12.5+deb13-arm64-16k"
    publish_kernel(tmp_path, "trixie@arm64", "linux-image-arm64-16k", "6.12.5-1", release,
                   arch_root(tmp_path / "arm64-16k", release, "vmlinuz", ARM64_IMAGE,
                             "CONFIG_ARM64=y\nCONFIG_ARM64_16K_PAGES=y\n# CONFIG_ARM64_4K_PAGES is not set\n"))
    kernel = kernels.resolve("6.12-16k@arm64")
    kdir = cache / "kernels/6.12-16k@arm64"
    assert (kernel.label, kernel.release, kernel.arch, kernel.flavour, kernel.page_size, kernel.image_format) == \
        ("6.12-16k@arm64", release, "arm64", "16k", 16384, "arm64-image")
    assert kernel.image == kdir / f"root/boot/vmlinuz-{release}" and kernel.image.read_bytes() == ARM64_IMAGE
    assert kernel.bzimage is None and not (kdir / "vmlinux").exists()
    assert kernel.modules == kdir / "root/usr/lib/modules" / release
    assert json.loads((kdir / "kernel.json").read_text())["page_size"] == 16384
    assert kernel.source == f"trixie: linux-image-{release} 6.12.5-1 (linux-image-arm64-16k 6.12.5-1)"
    assert kernel.package() == (f"linux-image-{release}", "6.12.5-1"), "what a KCIDB export's checkout names"
    assert calls(tmp_path, "madison") and calls(tmp_path, "download")
    for state, args in calls(tmp_path, "madison") + calls(tmp_path, "download"):
        assert state == "trixie@arm64" and "APT::Architecture=arm64" in args and "APT::Architectures=arm64" in args
        assert f"Dir::State::Lists={cache}/apt/trixie@arm64/lists" in args
    # the same (suite, architecture) is brought up to date once a day; amd64 has its own lists
    publish_kernel(tmp_path, "trixie@arm64", "linux-image-arm64", "6.12.5-1", "6.12.5+deb13-arm64",
                   arch_root(tmp_path / "arm64", "6.12.5+deb13-arm64", "vmlinuz", ARM64_IMAGE,
                             "CONFIG_ARM64_4K_PAGES=y\n"))
    publish_kernel(tmp_path, "trixie", "linux-image-amd64", "6.12.5-1", "6.12.5+deb13-amd64",
                   kernel_root(tmp_path / "amd64", "6.12.5+deb13-amd64"))
    assert kernels.resolve("6.12@arm64").page_size == 4096
    amd64 = kernels.resolve("6.12@amd64")
    assert (amd64.label, amd64.arch, amd64.image) == ("6.12", "amd64", cache / "kernels/6.12/vmlinux")
    assert [state for state, _ in calls(tmp_path, "update")] == ["trixie@arm64", "trixie"]
    assert sorted(p.name for p in (cache / "apt").iterdir()) == ["trixie", "trixie.list", "trixie@arm64",
                                                                   "trixie@arm64.list"]


def test_a_build_missing_from_the_pool_is_replaced_by_another_suites(tmp_path, cache, monkeypatch):
    """trixie's 6.12 ppc64el 64k images answer 404: bookworm-security's 6.12 build is used."""
    fake_archive(tmp_path, monkeypatch)
    archive, root = tmp_path / "archive", tmp_path / "ppc"
    for version, suite in (("6.12.9-1", "trixie-security"), ("6.12.8-1", "trixie")):
        release = f"{version[:-2]}+deb13-powerpc64le-64k"
        publish(archive, "trixie@ppc64el", "linux-image-powerpc64le-64k", version,
                [(f"linux-image-{release}", version)], suite)
        publish(archive, "trixie@ppc64el", f"linux-image-{release}", version, [], suite)
        (archive / "trixie@ppc64el/404" / f"linux-image-{release}={version}").touch()
    release = "6.12.9+deb12-powerpc64le-64k"
    publish(archive, "bookworm@ppc64el", "linux-image-powerpc64le", "6.1.9-1",
            [("linux-image-6.1.0-9-powerpc64le", "6.1.9-1")])
    publish_kernel(tmp_path, "bookworm@ppc64el", "linux-image-6.12-powerpc64le-64k", "6.12.9-1~deb12u1", release,
                   arch_root(root, release, "vmlinux", tiny_elf(pvh=False), "CONFIG_PPC64=y\nCONFIG_PPC_64K_PAGES=y\n"),
                   "bookworm-security")
    kernel = kernels.resolve("6.12-64k@ppc64el")
    assert (kernel.release, kernel.page_size, kernel.image_format, kernel.arch) == (release, 65536, "elf", "ppc64el")
    assert kernel.source == (
        f"bookworm-security: linux-image-{release} 6.12.9-1~deb12u1 (linux-image-6.12-powerpc64le-64k "
        "6.12.9-1~deb12u1); not in the pool: trixie-security's linux-image-6.12.9+deb13-powerpc64le-64k 6.12.9-1, "
        "trixie's linux-image-6.12.8+deb13-powerpc64le-64k 6.12.8-1")
    assert kernel.package() == (f"linux-image-{release}", "6.12.9-1~deb12u1"), "the build used, not one skipped"
    assert kernel.image.read_bytes() == tiny_elf(pvh=False), "another architecture's image is kept as shipped"


def test_an_older_build_still_in_the_lists_is_the_last_resort(tmp_path, cache, monkeypatch):
    fake_archive(tmp_path, monkeypatch)
    archive = tmp_path / "archive"
    s390 = bytes(0x10008) + b"S390EP\0\1" + bytes(64)
    publish(archive, "trixie@s390x", "linux-image-s390x", "6.12.9-1", [("linux-image-6.12.9+deb13-s390x", "6.12.9-1")])
    for release, version in (("6.12.9+deb13-s390x", "6.12.9-1"), ("6.12.8+deb13-s390x", "6.12.8-1")):
        publish(archive, "trixie@s390x", f"linux-image-{release}", version, [])
        (archive / "trixie@s390x/404" / f"linux-image-{release}={version}").touch()
    for release in ("6.12.7+deb13-s390x-dbg", "6.12.8+deb13-rt-s390x"):   # not the flavour asked for
        publish(archive, "trixie@s390x", f"linux-image-{release}", "6.12.8-1", [])
    release = "6.12.7+deb13-s390x"
    publish_kernel(tmp_path, "trixie@s390x", "linux-image-s390x-old", "6.12.7-1", release,
                   arch_root(tmp_path / "s390x", release, "vmlinuz", s390, "CONFIG_S390=y\n"))
    publish(archive, "bookworm@s390x", "linux-image-s390x", "6.1.9-1", [("linux-image-6.1.0-9-s390x", "6.1.9-1")])
    kernel = kernels.resolve("6.12@s390x")
    assert (kernel.release, kernel.page_size, kernel.image_format) == (release, 4096, "s390x-image")
    assert kernel.source == (f"trixie: linux-image-{release} 6.12.7-1 (an older build in trixie's lists); not in the "
                             "pool: trixie's linux-image-6.12.9+deb13-s390x 6.12.9-1, trixie's "
                             "linux-image-6.12.8+deb13-s390x 6.12.8-1")
    assert [state for state, _ in calls(tmp_path, "update")] == ["trixie@s390x", "bookworm@s390x"]


def test_no_build_in_the_pool_is_one_line(tmp_path):
    _, env = fake_archive(tmp_path)
    archive = tmp_path / "archive"
    publish(archive, "trixie@riscv64", "linux-image-riscv64", "6.12.9-1",
            [("linux-image-6.12.9+deb13-riscv64", "6.12.9-1")])
    publish(archive, "trixie@riscv64", "linux-image-6.12.9+deb13-riscv64", "6.12.9-1", [])
    (archive / "trixie@riscv64/404/linux-image-6.12.9+deb13-riscv64=6.12.9-1").touch()
    status, out, err = run_kernels(["6.12@riscv64"], env, tmp_path / "cache")
    assert (status, out) == (2, "") and err == (
        "kernels: no build of 6.12@riscv64 can be downloaded: trixie's linux-image-6.12.9+deb13-riscv64 6.12.9-1 "
        "not in the pool (404)\n")


@pytest.mark.parametrize("spec,said", [
    ("6.1-16k@arm64", "no kernel 6.1-16k@arm64: bookworm has no linux-image-arm64-16k for arm64"),
    ("6.1@riscv64", "no kernel 6.1@riscv64: bookworm has no linux-image-riscv64 for riscv64"),
    ("6.12-rt@arm64", "no kernel 6.12-rt@arm64: trixie has no linux-image-rt-arm64 for arm64"),
    ("6.12-16k@arm63", "no such kernel: '6.12-16k@arm63': no Debian architecture 'arm63'")])
def test_a_kernel_the_archive_does_not_have_is_one_line(tmp_path, spec, said):
    _, env = fake_archive(tmp_path)
    status, out, err = run_kernels([spec], env, tmp_path / "cache")
    assert (status, out, err.count("\n")) == (2, "", 1) and err.startswith(f"kernels: {said}")


def test_an_unreachable_archive_is_one_line_naming_the_architecture(tmp_path):
    bin_dir, env = fake_archive(tmp_path)
    fake_program(bin_dir, "apt-get", "E: Failed to fetch http://deb.example/dists/trixie/InRelease  "
                 "Could not resolve 'deb.example'", 100)
    status, out, err = run_kernels(["6.12@arm64"], env, tmp_path / "cache")
    assert (status, out, "Traceback" in err) == (2, "", False)
    assert err == ("kernels: apt-get update (trixie, arm64) failed: E: Failed to fetch "
                   "http://deb.example/dists/trixie/InRelease  Could not resolve 'deb.example'\n")


@pytest.mark.parametrize("config,size", [
    ("CONFIG_ARM64=y\nCONFIG_ARM64_4K_PAGES=y\n# CONFIG_ARM64_16K_PAGES is not set\n", 4096),
    ("CONFIG_ARM64=y\n# CONFIG_ARM64_4K_PAGES is not set\nCONFIG_ARM64_16K_PAGES=y\n", 16384),
    ("CONFIG_ARM64_64K_PAGES=y\n", 65536),
    ("CONFIG_PPC64=y\n# CONFIG_PPC_4K_PAGES is not set\nCONFIG_PPC_64K_PAGES=y\n", 65536),
    ("CONFIG_PPC_4K_PAGES=y\n", 4096),
    ("CONFIG_PAGE_SIZE_16KB=y\n", 16384),
    ("CONFIG_ARM64_16K_PAGES=y\nCONFIG_PAGE_SIZE_16KB=y\nCONFIG_PAGE_SHIFT=14\n", 16384),
    ("CONFIG_X86_64=y\nCONFIG_PAGE_SHIFT=12\n", 4096),
    ("CONFIG_S390=y\n", 4096)])
def test_the_page_size_is_read_from_the_config(config, size):
    assert kernel_image.config_page_size(config) == size


@pytest.mark.parametrize("head,kind,arch", [
    (tiny_elf(), "elf", "amd64"),
    (tiny_elf()[:18] + struct.pack("<H", 0x15) + tiny_elf()[20:], "elf", "ppc64el"),
    (fake_bzimage(b"x"), "bzimage", "amd64"),
    (ARM64_IMAGE, "arm64-image", "arm64"),
    (b"MZ\0\0zimg" + bytes(0x100), "efi-zboot", "arm64"),
    (b"MZ" + bytes(0x2E) + b"RISCV\0\0\0" + b"RSC\x05" + bytes(0x100), "riscv64-image", "riscv64"),
    (bytes(0x10008) + b"S390EP\0\1", "s390x-image", "s390x"),
    (b"\x1f\x8b\x08" + bytes(16), "gzip", None),
    (b"nothing known", "unknown", None)])
def test_the_image_format_is_told_by_its_first_bytes(tmp_path, head, kind, arch):
    (tmp_path / "image").write_bytes(head)
    assert kernel_image.image_format(tmp_path / "image") == kind
    assert kernel_image.image_arch(tmp_path / "image", kind) == arch


def before_arches(kdir):
    """kernel.json as mmapcheck wrote it before other architectures (hashes recorded anew)."""
    record = json.loads((kdir / "kernel.json").read_text())
    for key in ("arch", "page_size", "image_format"):
        del record[key]
    (kdir / "kernel.json").write_text(json.dumps(record))
    kernel_cache.write_sums(kdir)


def test_an_amd64_entry_from_before_architectures_is_read_as_one(tmp_path, cache, monkeypatch):
    kdir = cached_kernel(tmp_path, cache)
    before_arches(kdir)
    monkeypatch.setenv("PATH", str(tmp_path / "no-programs"))   # neither apt nor the network
    kernel = kernels.resolve("6.1-cloud")
    assert (kernel.arch, kernel.page_size, kernel.image_format, kernel.image) == \
        ("amd64", 4096, "elf", kdir / "vmlinux")


def test_an_entry_of_another_architecture_in_the_old_form_is_fetched_again_saying_why(tmp_path, cache, monkeypatch,
                                                                                      capsys):
    fake_archive(tmp_path, monkeypatch)
    release = "6.12.5+deb13-riscv64"
    riscv = b"MZ" + bytes(0x2E) + b"RISCV\0\0\0" + b"RSC\x05" + bytes(0x100)
    publish_kernel(tmp_path, "trixie@riscv64", "linux-image-riscv64", "6.12.5-1", release,
                   arch_root(tmp_path / "riscv", release, "vmlinux", riscv, "CONFIG_RISCV=y\n"))
    kdir = cache / "kernels/6.12@riscv64"
    kernels.resolve("6.12@riscv64")
    before_arches(kdir)
    with pytest.raises(kernel_cache.BadEntry, match=r"keys 'arch', 'image_format', 'page_size'"):
        kernel_record.load_cached(kdir)
    capsys.readouterr()
    kernel = kernels.resolve("6.12@riscv64")
    assert capsys.readouterr().err == (
        f"kernels: the cached 6.12@riscv64 ({kdir}) cannot be used: its kernel.json is not in this mmapcheck's "
        "form (keys 'arch', 'image_format', 'page_size'); fetching it again\n")
    assert (kernel.arch, kernel.page_size, kernel.image_format) == ("riscv64", 4096, "riscv64-image")


def run_kernels(args, env, cache):
    proc = subprocess.run([sys.executable, "-m", "mmapcheck.kernels", *args], cwd=ROOT,
                          env={**env, "MMAPCHECK_CACHE": str(cache), "LC_ALL": "C.UTF-8"},
                          capture_output=True, text=True)
    return proc.returncode, proc.stdout, proc.stderr


def fake_program(bin_dir, name, message, status=1):
    (bin_dir / name).write_text(f"#!/bin/sh\necho {message!r} >&2\nexit {status}\n")
    (bin_dir / name).chmod(0o755)


@pytest.mark.parametrize("program,message,shown", [
    ("apt-get", "E: Failed to fetch http://deb.example/InRelease  Could not resolve 'deb.example'",
     "apt-get update (sid) failed: E: Failed to fetch http://deb.example/InRelease"),
    ("apt-cache", "E: No packages found", "apt-cache madison (sid) failed: E: No packages found"),
    ("dpkg-deb", "dpkg-deb: error: 'x.deb' is not a Debian format archive",
     f"dpkg-deb -x linux-image-{RELEASE}_9.9_amd64.deb failed: dpkg-deb: error: 'x.deb' is not"),
    ("depmod", "depmod: ERROR: could not open directory /nowhere: No such file or directory",
     "depmod failed: depmod: ERROR: could not open directory /nowhere"),
])
def test_a_failing_helper_program_is_one_line_naming_it(tmp_path, program, message, shown):
    bin_dir, env = fake_archive(tmp_path)
    fake_program(bin_dir, program, message, 100 if program.startswith("apt") else 1)
    status, out, err = run_kernels(["9.9-cloud"], env, tmp_path / "cache")
    assert (status, out) == (2, "")
    assert err.startswith(f"kernels: {shown}") and err.count("\n") == 1 and "Traceback" not in err


def test_a_failing_zstd_is_one_line_naming_it(tmp_path):
    """A zstd-compressed kernel (as 7.x is) fetched where zstd fails."""
    bin_dir, env = fake_archive(tmp_path, payload=b"\x28\xb5\x2f\xfd" + b"\x00" * 64)
    fake_program(bin_dir, "zstd", "zstd: error 70 : Write error : cannot write decoded block")
    status, out, err = run_kernels(["9.9-cloud"], env, tmp_path / "cache")
    assert (status, out, "Traceback" in err, err.count("\n")) == (2, "", False, 1)
    assert err.startswith("kernels: ") and f"vmlinuz-{RELEASE}: no compressed ELF found" in err
    assert err.rstrip().endswith("; zstd -dc failed: zstd: error 70 : Write error : cannot write decoded block")


def test_a_failing_zstd_on_a_module_is_one_line_naming_it(tmp_path, monkeypatch):
    bin_dir, _ = fake_archive(tmp_path, monkeypatch)
    fake_program(bin_dir, "zstd", "zstd: stdin: unsupported format")
    (tmp_path / "x.ko.zst").write_bytes(b"\x28\xb5\x2f\xfd")
    with pytest.raises(UsageError, match=r"^zstd -dc failed: zstd: stdin: unsupported format$"):
        kernel_modules.read_module(tmp_path / "x.ko.zst")


def test_a_helper_that_cannot_run_is_one_line():
    with pytest.raises(UsageError, match=r"^depmod failed: cannot run /nonexistent/depmod: No such file"):
        kernel_image.run_helper(["/nonexistent/depmod"])


# --- the cache, tampered with ------------------------------------------------------

def rewrite_record(kdir, **changes):
    """Change kernel.json and record the change in SHA256SUMS too, as someone who
    wanted it used would: what is checked then is the record itself."""
    record = json.loads((kdir / "kernel.json").read_text())
    record.update(changes)
    (kdir / "kernel.json").write_text(json.dumps(record))
    kernel_cache.write_sums(kdir)


def absolute_image(kdir, tmp_path):
    (tmp_path / "elsewhere").write_bytes(b"any file")
    rewrite_record(kdir, image=str(tmp_path / "elsewhere"))


def image_outside(kdir, tmp_path):
    rewrite_record(kdir, image="../../elsewhere")


def extra_key(kdir, tmp_path):
    rewrite_record(kdir, booted_by="someone")


def modified_image(kdir, tmp_path):
    with open(kdir / "vmlinux", "r+b") as f:
        f.seek(100)
        f.write(b"\xcc")


def image_linked_out(kdir, tmp_path):
    (tmp_path / "elsewhere").write_bytes(tiny_elf())
    (kdir / "vmlinux").unlink()
    (kdir / "vmlinux").symlink_to(tmp_path / "elsewhere")


def modules_linked_out(kdir, tmp_path):
    modules = kdir / "root/lib/modules/6.1.0-9-cloud-amd64"
    shutil.move(modules, tmp_path / "elsewhere")
    modules.symlink_to(tmp_path / "elsewhere")


def planted_module(kdir, tmp_path):
    (kdir / "root/lib/modules/6.1.0-9-cloud-amd64/kernel/fs/9p.ko").write_bytes(fake_module([], "9p"))


def entry_linked_out(kdir, tmp_path):
    shutil.move(kdir, tmp_path / "elsewhere")
    kdir.symlink_to(tmp_path / "elsewhere")


def old_format(kdir, tmp_path):
    """As an mmapcheck before hashes left it."""
    (kdir / kernel_cache.SUMS).unlink()
    (kdir / "packages.sha256").unlink()


TAMPERING = {absolute_image: r"path '/.*/elsewhere' leaves the cache entry",
             image_outside: r"path '../../elsewhere' leaves the cache entry",
             extra_key: r"kernel.json is not in this mmapcheck's form \(keys 'booted_by'\)",
             modified_image: r"'vmlinux' is not the file that was fetched",
             image_linked_out: r"'vmlinux' is a symbolic link",
             modules_linked_out: r"'root/lib/modules/6.1.0-9-cloud-amd64' is a symbolic link",
             planted_module: r"'root/lib/modules/6.1.0-9-cloud-amd64/kernel/fs/9p.ko' was not there",
             entry_linked_out: r"^is a symbolic link$",
             old_format: r"has no SHA256SUMS \(an older mmapcheck made it"}


@pytest.mark.parametrize("tamper", TAMPERING, ids=lambda f: f.__name__)
def test_a_tampered_cache_entry_is_never_used(tmp_path, cache, tamper):
    kdir = cached_kernel(tmp_path, cache)
    assert kernels.load_cached(kdir).image == kdir / "vmlinux"
    tamper(kdir, tmp_path)
    with pytest.raises(kernel_cache.BadEntry, match=TAMPERING[tamper]) as e:
        kernels.load_cached(kdir)
    assert "\n" not in str(e.value)


@pytest.mark.parametrize("tamper", [absolute_image, modified_image, entry_linked_out, old_format],
                         ids=lambda f: f.__name__)
def test_a_tampered_entry_is_fetched_again_saying_so(tmp_path, cache, tamper, monkeypatch, capsys):
    fake_archive(tmp_path, monkeypatch)
    monkeypatch.setattr(kernel_fetch, "depmod_path", lambda: None)
    kdir = cache / "kernels/9.9-cloud"
    kernels.resolve("9.9-cloud")
    tamper(kdir, tmp_path)
    capsys.readouterr()
    kernel = kernels.resolve("9.9-cloud")
    assert capsys.readouterr().err.startswith(f"kernels: the cached 9.9-cloud ({kdir}) cannot be used: ")
    assert kernel.image == kdir / "vmlinux" and not kdir.is_symlink()
    assert kernel.image.read_bytes() == tiny_elf()
    if tamper in (absolute_image, entry_linked_out):
        assert (tmp_path / "elsewhere").exists(), "the fetch removed what the entry pointed to outside the cache"


def test_an_unreadable_file_in_an_entry_makes_it_unusable(tmp_path, cache, monkeypatch):
    kdir = cached_kernel(tmp_path, cache)
    real = kernel_cache.sha256_of

    def unreadable_image(path, *args):
        if Path(path).name == "vmlinux":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path, *args)
    monkeypatch.setattr(kernel_cache, "sha256_of", unreadable_image)
    with pytest.raises(kernel_cache.BadEntry, match=r"^'vmlinux' cannot be read: Permission denied$"):
        kernels.load_cached(kdir)


def test_an_old_cache_without_the_network_is_one_line(tmp_path, cache):
    """CI machines keep the cache of older runs: such an entry is fetched again,
    and when that cannot be, the user reads why in two lines, no traceback."""
    kdir = cached_kernel(tmp_path, cache)
    old_format(kdir, tmp_path)
    status, out, err = run_kernels(["6.1-cloud"], {"PATH": str(tmp_path / "no-programs")}, cache)
    assert (status, out, "Traceback" in err) == (2, "", False)
    assert err.splitlines() == [
        f"kernels: the cached 6.1-cloud ({kdir}) cannot be used: has no SHA256SUMS (an older mmapcheck "
        "made it, without recording hashes); fetching it again",
        "kernels: apt-get not found: Debian kernels are fetched with apt (give a path to a kernel image instead)"]


def test_list_names_an_entry_that_cannot_be_used(tmp_path, cache):
    modified_image(cached_kernel(tmp_path, cache), tmp_path)
    (cache / "kernels/.lock").touch()
    assert kernels.list_cached()[0] == \
        "'6.1-cloud'      cannot be used, fetched again when asked for: 'vmlinux' is not the file that was fetched " \
        "(its SHA-256 differs)"


def crc32_suffix(data, wanted):
    """4 bytes that make zlib.crc32(data + them) == wanted (CRC-32 is linear: run the
    table backwards from wanted to find the bytes)."""
    table = []
    for i in range(256):
        c = i
        for _ in range(8):
            c = (c >> 1) ^ 0xEDB88320 if c & 1 else c >> 1
        table.append(c)
    by_top_byte = {t >> 24: i for i, t in enumerate(table)}
    indices, crc = [], wanted ^ 0xFFFFFFFF
    for _ in range(4):
        indices.append(by_top_byte[crc >> 24])
        crc = ((crc ^ table[indices[-1]]) << 8) & 0xFFFFFFFF
    crc, out = zlib.crc32(data) ^ 0xFFFFFFFF, bytearray()
    for i in reversed(indices):
        out.append((crc ^ i) & 0xFF)
        crc = (crc >> 8) ^ table[out[-1] ^ (crc & 0xFF)]
    return bytes(out)


def test_bzimages_are_told_apart_by_sha256_not_crc32(tmp_path, cache):
    """Two images of one name whose CRC-32s agree: each boots its own vmlinux."""
    first, second = tmp_path / "a/bzImage", tmp_path / "b/bzImage"
    first.parent.mkdir()
    second.parent.mkdir()
    first.write_bytes(fake_bzimage(lzma.compress(tiny_elf(banner=b"Linux version 1.0.0-a (x) #1\0"))))
    data = fake_bzimage(lzma.compress(tiny_elf(banner=b"Linux version 2.0.0-b (x) #1\0")))
    second.write_bytes(data + crc32_suffix(data, zlib.crc32(first.read_bytes())))
    assert zlib.crc32(first.read_bytes()) == zlib.crc32(second.read_bytes())
    a, b = kernels.resolve(str(first)), kernels.resolve(str(second))
    assert (a.release, b.release) == ("1.0.0-a", "2.0.0-b")
    assert b"2.0.0-b" in b.image.read_bytes() and b"1.0.0-a" in a.image.read_bytes()
    assert b.image.parent.name == "file-" + hashlib.sha256(second.read_bytes()).hexdigest()


def test_a_bzimages_cached_vmlinux_is_written_again_not_trusted(tmp_path, cache):
    bz = tmp_path / "bzImage"
    bz.write_bytes(fake_bzimage(lzma.compress(tiny_elf())))
    kernel = kernels.resolve(str(bz))
    kernel.image.write_bytes(b"something else")
    assert kernels.resolve(str(bz)).image.read_bytes() == tiny_elf()


def test_the_apt_state_writes_no_link_planted_in_the_cache(tmp_path, cache, monkeypatch):
    fake_archive(tmp_path, monkeypatch)
    monkeypatch.setattr(kernel_fetch, "depmod_path", lambda: None)
    (cache / "apt/sid").mkdir(parents=True)
    outside = {name: tmp_path / f"outside-{name.replace('/', '-')}"
               for name in ("sid.list", "sid/status", "sid/updated")}
    for name, target in outside.items():
        target.write_text("not the cache's\n")
        (cache / "apt" / name).symlink_to(target)
    (cache / "apt/sid/status").unlink()   # a link to nowhere: creating the file would write outside
    outside["sid/status"].unlink()
    (cache / "apt/sid/status").symlink_to(outside["sid/status"])
    kernels.resolve("9.9-cloud")
    assert [p.read_text() for p in (outside["sid.list"], outside["sid/updated"])] == ["not the cache's\n"] * 2
    assert not outside["sid/status"].exists()
    assert "deb " in (cache / "apt/sid.list").read_text() and not (cache / "apt/sid.list").is_symlink()


@pytest.mark.parametrize("flavour, release, source, package", [
    ("generic", "7.2.13+deb14-amd64",   # 7.x: the image package only depends on the three that hold the kernel
     "sid: linux-base-7.2.13+deb14-amd64, linux-binary-7.2.13+deb14-amd64, linux-modules-7.2.13+deb14-amd64 "
     "7.2.13-1 (linux-image-amd64 7.2.13-1)", ("linux-image-7.2.13+deb14-amd64", "7.2.13-1")),
    ("generic", "6.1.0-57-amd64", "bookworm-security, bookworm: linux-image-6.1.0-57-amd64 1:6.1.192-3 "
     "(linux-image-amd64 1:6.1.192-3)", ("linux-image-6.1.0-57-amd64", "1:6.1.192-3")),
    ("generic", "6.1.0-57-amd64", "sid: linux-image-6.1.0-57-amd64 (an older build in sid's lists)",
     ("linux-image-6.1.0-57-amd64", "")),   # a build whose version the lists did not give
    ("uml", "6.1.176", "user-mode-linux 6.1um4+b13", ("user-mode-linux", "6.1um4+b13")),
])
def test_the_package_a_kernel_came_in_is_read_back_from_its_source(flavour, release, source, package):
    assert kernels.Kernel("t", release, Path("/k"), flavour=flavour, source=source).package() == package

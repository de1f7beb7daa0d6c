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

from mmapcheck import ROOT, UsageError, kernel_cache, kernel_image, kernel_modules, kernels


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


# --- a fetch from a fake archive -----------------------------------------------

RELEASE = "9.9.9-test-cloud-amd64"   # kernel line 9.9 (looked for in sid), cloud flavour
FAKE_APT_CACHE = """#!/bin/sh
for package; do :; done
case "$package" in
linux-image-cloud-amd64) printf 'Package: %s\\nVersion: 9.9\\nDepends: linux-image-{release}\\n' "$package";;
*) printf 'Package: %s\\nVersion: 9.9\\nDepends: initramfs-tools\\n' "$package";;
esac
"""
FAKE_APT_GET = """#!/bin/sh
case " $* " in
*" update "*) exit 0;;
*" download "*) cp "$FAKE_DEBS"/*.deb .;;
*) exit 99;;
esac
"""


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
    """A directory of stand-ins for apt-get and apt-cache that serve one .deb, built here
    with the real dpkg-deb; on PATH before the system's own programs."""
    if not shutil.which("dpkg-deb"):
        pytest.skip("needs dpkg-deb (apt-get install dpkg)")
    bin_dir, debs = tmp_path / "bin", tmp_path / "debs"
    bin_dir.mkdir()
    debs.mkdir()
    for name, script in (("apt-cache", FAKE_APT_CACHE.replace("{release}", RELEASE)),
                         ("apt-get", FAKE_APT_GET)):
        (bin_dir / name).write_text(script)
        (bin_dir / name).chmod(0o755)
    root = kernel_root(tmp_path / "deb-root", payload=payload)
    # As sid's 7.x packages do: the documentation directory is a link to another package's.
    (root / "usr/share/doc").mkdir(parents=True)
    (root / f"usr/share/doc/linux-image-{RELEASE}").symlink_to(f"linux-base-{RELEASE}")
    (root / "DEBIAN").mkdir()
    (root / "DEBIAN/control").write_text(f"Package: linux-image-{RELEASE}\nVersion: 9.9\nArchitecture: amd64\n"
                                         "Maintainer: nobody <nobody@example.org>\nDescription: test\n")
    subprocess.run(["dpkg-deb", "--root-owner-group", "-Zgzip", "-b", str(root),
                    str(debs / f"linux-image-{RELEASE}_9.9_amd64.deb")], check=True, capture_output=True)
    env = {"PATH": f"{bin_dir}:/usr/bin:/bin", "FAKE_DEBS": str(debs)}
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
    monkeypatch.setattr(kernels, "depmod_path", lambda: None)
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
    ("apt-cache", "E: No packages found", "apt-cache show (sid) failed: E: No packages found"),
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
    monkeypatch.setattr(kernels, "depmod_path", lambda: None)
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
        "'6.1-cloud'  cannot be used, fetched again when asked for: 'vmlinux' is not the file that was fetched " \
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
    monkeypatch.setattr(kernels, "depmod_path", lambda: None)
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

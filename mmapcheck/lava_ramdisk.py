"""What LAVA's qemu device needs to run the bundle (lava/: the test
definition, an example job, a device dictionary, run-offline.sh):

- a ramdisk (RAMDISK): static busybox, the bundle installed into a staging
  directory (`make install DESTDIR=STAGE` of a static build: the guest has no
  C library), the kernel's modules for LAVA's overlay disk, and an init that
  leaves a root shell on the console, as kirk_guest's does.  LAVA hands the
  test shell to the guest on an IDE disk (deploy "to: tmpfs" on qemu: an ext2
  image libguestfs makes) and mounts it by UUID
  (lava_dispatcher/actions/boot/qemu.py: "mount /dev/disk/by-uuid/UUID -t ext2
  /lava-N"), so the init loads the ATA driver and the disk driver (ata_piix,
  sd_mod and what they need; ext4, which mounts ext2, where it is a module)
  and makes the /dev/disk/by-uuid links no busybox does by itself;
- lava-server's device-type templates (qemu.jinja2 extends base.jinja2),
  which only lava-server ships: fetched from Debian's archive into the cache
  (TEMPLATES_SUITE's lava-server, the release of this Debian's
  lava-dispatcher) and checked there as the kernels are;
- the device dictionary rendered into the device.yaml `lava-run --device`
  takes, as lava-server renders it (jinja2's sandbox, trim_blocks).

    python3 -m mmapcheck.lava_ramdisk ramdisk [--kernel 6.1-cloud] STAGE RAMDISK
    python3 -m mmapcheck.lava_ramdisk kernel [6.1-cloud]       the kernel image's path (fetched if need be)
    python3 -m mmapcheck.lava_ramdisk templates                the templates' directory (fetched if need be)
    python3 -m mmapcheck.lava_ramdisk device DICTIONARY DEVICE_YAML

Kernel messages stay off the console, where they would split the stream's
lines; `quiet` must not be on the kernel's command line, since LAVA waits
for the kernel's "Linux version" banner."""

import argparse
import sys
from pathlib import Path

from . import UsageError
from .kirk_guest import check_static, init_script, staged_files, write_archive
from .targets.guest import BUSYBOX

PROMPT = "mmapcheck-lava# "  # the job's boot prompt; in no boot message ("#1 SMP" is)
DEFAULT_KERNEL = "6.1-cloud"
# ATA for the qemu pc machine's IDE controller (PIIX), SCSI disks, and ext4
# (mounts LAVA's ext2 overlay; built in on Debian's kernels, then left out).
OVERLAY_MODULES = ("ata_piix", "sd_mod", "ext4")
OVERLAY_DISK = "/dev/sda"
DISK_WAIT_TENTHS = 100  # 10 s for the disk to appear once its driver is loaded
TEMPLATES_SUITE = "bookworm"  # Debian 12's lava-server: the templates of its lava-dispatcher (2023.01)
TEMPLATES_ENTRY = "lava-device-types"
TEMPLATES = ("base.jinja2", "qemu.jinja2")
RENDERED_LIMIT = 1 << 20  # bytes of a rendered device dictionary


def bundle_prefix(stage):
    """PREFIX of the bundle installed under stage (<prefix>/libexec/mmapcheck/runner.sh)."""
    found = sorted(Path(stage).glob("**/libexec/mmapcheck/runner.sh"))
    if not found:
        raise UsageError(f"{stage}: no <prefix>/libexec/mmapcheck/runner.sh: make install DESTDIR=STAGE first")
    return found[0].parents[2]


def init_lines(modules):
    """What /init does before the shell: the overlay disk's modules, then
    /dev/disk/by-uuid links to its ext2/3/4 filesystems, which udev would make
    and busybox (no blkid in Debian's) does not: the UUID read from the
    superblock (at byte 1024: its magic 0xEF53 at +56, its UUID at +104)."""
    lines = [f"insmod /modules/{m.name}" for m in modules]
    lines += [f"i=0; while [ ! -b {OVERLAY_DISK} ] && [ $i -lt {DISK_WAIT_TENTHS} ]; do sleep 0.1; i=$((i+1)); done",
              "mkdir -p /dev/disk/by-uuid",
              "for dev in /dev/sd*; do",
              "    [ -b \"$dev\" ] && [ \"$(od -An -tx1 -j1080 -N2 \"$dev\" 2>/dev/null | tr -d ' \\n')\" = 53ef ] || continue",
              "    uuid=$(od -An -tx1 -j1128 -N16 \"$dev\" | tr -d ' \\n' |"
              " sed 's/\\(.\\{8\\}\\)\\(.\\{4\\}\\)\\(.\\{4\\}\\)\\(.\\{4\\}\\)/\\1-\\2-\\3-\\4-/')",
              "    ln -sf \"$dev\" \"/dev/disk/by-uuid/$uuid\"",
              "done"]
    return lines


def ramdisk_files(stage, kernel):
    """{path in the guest: (mode, bytes)}: the staged bundle, busybox, the modules, /init."""
    from .kernel_modules import modules_for
    prefix = bundle_prefix(stage)
    check_static(prefix / "libexec/mmapcheck/cases/run-lane")
    modules = modules_for(kernel, OVERLAY_MODULES)
    files = staged_files(stage)
    files.update({"bin/busybox": (0o755, BUSYBOX.read_bytes()),
                  "init": (0o755, init_script(PROMPT, init_lines(modules)).encode())})
    files.update({f"modules/{m.name}": (0o644, m.read_bytes()) for m in modules})
    return files, prefix


def build_ramdisk(stage, out, kernel_spec=DEFAULT_KERNEL):
    from .kernels import resolve
    kernel = resolve(kernel_spec)
    files, prefix = ramdisk_files(stage, kernel)
    write_archive(out, files)
    return kernel, prefix


def templates():
    """The directory of lava-server's device-type templates, in the cache."""
    from .foreign import cached
    top = cached("lava-server", "amd64", templates_entry, suite=TEMPLATES_SUITE, name=TEMPLATES_ENTRY)
    return top / "device-types"


def templates_entry(root, entry, final):
    found = root / "usr/share/lava-server/device-types"
    missing = [t for t in TEMPLATES if not (found / t).is_file()]
    if missing:
        raise UsageError(f"{TEMPLATES_SUITE}'s lava-server has no usr/share/lava-server/device-types/"
                         f"{missing[0]}")
    found.rename(entry / "device-types")


def render_device(dictionary, out, templates_dir):
    """The device dictionary rendered as lava-server renders it
    (lava_scheduler_app/environment.py): a sandboxed jinja2 environment,
    no autoescape, trim_blocks, the dictionary's directory before the
    templates'."""
    try:
        from jinja2 import FileSystemLoader, TemplateError
        from jinja2.sandbox import SandboxedEnvironment
    except ImportError:
        raise UsageError("python3-jinja2 is needed to render a device dictionary: apt-get install "
                         "python3-jinja2 (lava-dispatcher depends on it), and run Debian's /usr/bin/python3")
    dictionary = Path(dictionary)
    env = SandboxedEnvironment(loader=FileSystemLoader([str(dictionary.parent), str(templates_dir)]),
                               autoescape=False, trim_blocks=True)
    try:
        text = env.get_template(dictionary.name).render()
    except TemplateError as e:
        raise UsageError(f"{dictionary}: {type(e).__name__}: {e}")
    except OSError as e:
        raise UsageError(f"cannot read {dictionary}: {e.strerror}")
    if len(text) > RENDERED_LIMIT:
        raise UsageError(f"{dictionary}: renders to more than {RENDERED_LIMIT} bytes")
    from .safe_write import write_file
    write_file(Path(out), text)


def main(argv=None):
    p = argparse.ArgumentParser(prog="python3 -m mmapcheck.lava_ramdisk",
                                description="what LAVA's qemu device needs to run the installed bundle")
    sub = p.add_subparsers(dest="command", required=True)
    r = sub.add_parser("ramdisk", help="a ramdisk holding busybox, the bundle and the overlay disk's modules")
    r.add_argument("--kernel", default=DEFAULT_KERNEL, help="the kernel whose modules it holds (default: "
                   f"{DEFAULT_KERNEL}); a spec of python3 -m mmapcheck.kernels")
    r.add_argument("stage", help="the DESTDIR of `make install` (of a static build)")
    r.add_argument("ramdisk", help="the cpio archive to write")
    k = sub.add_parser("kernel", help="print the kernel image's path (fetched into the cache if need be)")
    k.add_argument("spec", nargs="?", default=DEFAULT_KERNEL)
    sub.add_parser("templates", help="print the directory of lava-server's device-type templates "
                   "(fetched into the cache if need be)")
    d = sub.add_parser("device", help="render a device dictionary into a device.yaml for lava-run")
    d.add_argument("dictionary")
    d.add_argument("out")
    args = p.parse_args(argv)
    try:
        if args.command == "ramdisk":
            kernel, prefix = build_ramdisk(args.stage, args.ramdisk, args.kernel)
            print(f"{args.ramdisk}: busybox, the bundle at /{prefix.relative_to(args.stage).as_posix()} "
                  f"and the modules of {kernel.release}; prompt '{PROMPT.strip()}'")
        elif args.command == "kernel":
            from .kernels import resolve
            print(resolve(args.spec).image)
        elif args.command == "templates":
            print(templates())
        else:
            render_device(args.dictionary, args.out, templates())
            print(args.out)
    except (UsageError, OSError) as e:
        print(f"mmapcheck.lava_ramdisk: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
